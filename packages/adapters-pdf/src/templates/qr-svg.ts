import QRCode from 'qrcode';

/**
 * A QR code as an SVG document: one path of square modules, a 4-module quiet zone (ISO/IEC
 * 18004), error correction M (what ARCA's own samples use). Drawn as vectors so it stays sharp
 * at any print size.
 */
export const qrSvg = (text: string): string => {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const size = modules.size + 2 * quiet;
  // Rectangles, not one square per module: each run of dark modules in a row, stretched down over
  // the rows below that repeat it exactly. A fraction of the path commands, which is what the SVG
  // renderer spends its time on.
  const runsOf = (row: number): string[] => {
    const runs: string[] = [];
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col += 1;
      runs.push(`${start}:${col}`);
    }
    return runs;
  };
  const rows = Array.from({ length: modules.size }, (_, row) => new Set(runsOf(row)));
  let path = '';
  for (let row = 0; row < modules.size; row += 1) {
    for (const run of rows[row] as Set<string>) {
      let height = 1;
      while (row + height < modules.size && (rows[row + height] as Set<string>).delete(run)) height += 1;
      const [start, end] = run.split(':').map(Number) as [number, number];
      path += `M${start + quiet} ${row + quiet}h${end - start}v${height}h${start - end}z`;
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
  );
};
