import { configDocumentation } from './config.js';

/** The README's configuration table, generated from the schema so the two never drift. */
export const configMarkdownTable = (): string => {
  const rows = configDocumentation().map(
    ({ name, default: fallback, meaning }) => `| \`${name}\` | ${fallback === '—' ? '—' : `\`${fallback}\``} | ${meaning} |`,
  );
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
};
