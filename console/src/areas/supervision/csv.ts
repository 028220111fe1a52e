/** One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF; quotes doubled. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return ''
  let text = Array.isArray(value) ? value.join(';') : String(value)
  // A cell starting with = + - @ is a formula in spreadsheets: prefix it so the export cannot run anything.
  if (/^[=+\-@\t\r]/.test(text)) text = "'" + text
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text
}

/** A CSV document: the header row, then one row per record (CRLF line ends). */
export function toCsv<T>(columns: { key: keyof T & string; header: string }[], rows: T[]): string {
  const lines = [columns.map((c) => csvField(c.header)).join(',')]
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c.key])).join(','))
  return lines.join('\r\n') + '\r\n'
}
