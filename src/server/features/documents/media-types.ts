/**
 * The formats the archive accepts, decided by the file's content (magic bytes), never by its
 * name: signed instruments and actas (PDF, DOCX, ODT), budgets (XLSX) and photographs.
 */
export const ACCEPTED_TYPES: Record<string, { mediaType: string; extension: string; extractor: Extractor }> = {
  pdf: { mediaType: 'application/pdf', extension: 'pdf', extractor: 'pdf' },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx', extractor: 'docx' },
  odt: { mediaType: 'application/vnd.oasis.opendocument.text', extension: 'odt', extractor: 'odt' },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', extractor: 'xlsx' },
  jpg: { mediaType: 'image/jpeg', extension: 'jpg', extractor: 'image' },
  png: { mediaType: 'image/png', extension: 'png', extractor: 'image' },
};

export type Extractor = 'pdf' | 'docx' | 'odt' | 'xlsx' | 'image';

export function acceptedType(detectedExtension: string | undefined) {
  return detectedExtension ? ACCEPTED_TYPES[detectedExtension] : undefined;
}

export function extractorOf(mediaType: string): Extractor | undefined {
  return Object.values(ACCEPTED_TYPES).find((t) => t.mediaType === mediaType)?.extractor;
}
