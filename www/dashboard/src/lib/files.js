// Evidence files, checked in the browser before anything is sent (the server checks again):
// at most four, 256 KiB each, PDF, PNG, JPEG or plain text; read as base64 with FileReader.
import { t } from './i18n.js';

export const MAX_FILES = 4;
export const MAX_BYTES = 256 * 1024;
const TYPES = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', txt: 'text/plain' };

/** The content type of a file, from the browser or else its extension; null when not allowed. */
export function contentType(file) {
  const allowed = Object.values(TYPES);
  if (allowed.includes(file.type)) return file.type;
  const ext = (file.name.split('.').pop() || '').toLowerCase();
  return TYPES[ext] || null;
}

/** What is wrong with a selection, or null; `already` counts files attached before. */
export function filesProblem(files, already = 0) {
  if (files.length + already > MAX_FILES) return t('files.too_many', { max: MAX_FILES, already });
  for (const file of files) {
    if (!contentType(file)) return t('files.bad_type', { name: file.name });
    if (file.size > MAX_BYTES) return t('files.too_large', { name: file.name });
  }
  return null;
}

/** One file as `{name, content_type, data}` with `data` in base64. */
export function readFile(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(Object.assign(new Error(file.name), { code: 'file_unreadable', message: '' }));
    reader.onload = () => {
      const url = String(reader.result);
      resolve({ name: file.name, content_type: contentType(file), data: url.slice(url.indexOf(',') + 1) });
    };
    reader.readAsDataURL(file);
  });
}

/** A file's size in KiB for hints and lists. */
export const kib = (bytes) => `${Math.max(1, Math.round(bytes / 1024))} KiB`;
