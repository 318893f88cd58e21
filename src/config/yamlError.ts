/**
 * A YAML syntax error as an editor reads it: `file:line:column: what is wrong`, then the line
 * itself with a caret under the column. Pure: the source text is an argument.
 */
import type { YAMLParseError } from 'yaml';

export function describeYamlError(file: string, source: string, error: YAMLParseError): string {
  const what = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const lines = source.split(/\r?\n/);
  const pos = error.linePos?.[0];
  if (!pos) return `${file}: not valid YAML: ${what}`;
  let line = pos.line;
  let col = pos.col;
  // An unclosed bracket or quote is found at the end of the file; the last written line is where it is.
  const lastWritten = lines.reduce((last, text, i) => (text.trim() ? i + 1 : last), 0);
  if (line > lastWritten && lastWritten > 0) {
    line = lastWritten;
    col = lines[line - 1].length + 1;
  }
  const text = lines[line - 1] ?? '';
  const gutter = String(line);
  // Tabs stay tabs under the line, so the caret lines up however the terminal draws them.
  const under = [...text.slice(0, col - 1)].map((c) => (c === '\t' ? '\t' : ' ')).join('');
  return [
    `${file}:${line}:${col}: not valid YAML: ${what}`,
    `${gutter} | ${text}`,
    `${' '.repeat(gutter.length)} | ${under}^`,
  ].join('\n');
}
