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
  let path = '';
  // One rectangle per run of dark modules in a row: a fraction of the path commands of one per
  // module, which is what the SVG renderer spends its time on.
  for (let row = 0; row < modules.size; row += 1) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col += 1;
      path += `M${start + quiet} ${row + quiet}h${col - start}v1h${start - col}z`;
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
  );
};
