/** @module A file's size as people read it: KB below a megabyte, MB with one decimal above. */

/** `size` bytes as "12 KB" / "1.4 MB" in `locale`. */
export function formatFileSize(size: number, locale: string): string {
  if (size < 1024 * 1024) return `${Math.max(1, Math.ceil(size / 1024))} ${locale === 'ru' ? 'КБ' : 'KB'}`
  const mb = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(size / 1024 / 1024)
  return `${mb} ${locale === 'ru' ? 'МБ' : 'MB'}`
}
