import type { Locale } from './fields.ts';

/** Why a row or a cell was refused (or, for `info`, why a record was left out), in the reader's language. */
const REASONS = {
  required: { es: 'Falta un valor obligatorio', en: 'A required value is missing', pt: 'Falta um valor obrigatório' },
  invalid_choice: { es: 'Valor no permitido; use uno de: {allowed}', en: 'Value not allowed; use one of: {allowed}', pt: 'Valor não permitido; use um de: {allowed}' },
  invalid_date: { es: 'No es una fecha real en formato AAAA-MM-DD', en: 'Not a real date as YYYY-MM-DD', pt: 'Não é uma data real no formato AAAA-MM-DD' },
  invalid_number: { es: 'Se esperaba un número entero entre {min} y {max}', en: 'Expected a whole number between {min} and {max}', pt: 'Esperava-se um número inteiro entre {min} e {max}' },
  too_long: { es: 'Texto demasiado largo (máximo {max})', en: 'Text too long (at most {max})', pt: 'Texto longo demais (máximo {max})' },
  invalid_code: { es: 'Código con formato incorrecto', en: 'Code in the wrong format', pt: 'Código em formato incorreto' },
  end_before_start: { es: 'La fecha de fin es anterior a la de inicio', en: 'The end date is before the start date', pt: 'A data de término é anterior à de início' },
  invalid: { es: 'Valor no válido: {message}', en: 'Invalid value: {message}', pt: 'Valor inválido: {message}' },
  unknown_theme: { es: 'Tema desconocido', en: 'Unknown theme', pt: 'Tema desconhecido' },
  unknown_country: { es: 'País desconocido (use el código ISO de dos letras, p. ej. CO)', en: 'Unknown country (use the two-letter ISO code, e.g. CO)', pt: 'País desconhecido (use o código ISO de duas letras, p. ex. CO)' },
  partner_not_found: { es: 'Contraparte no encontrada; créela primero o use uno de sus nombres', en: 'Partner not found; create it first or use one of its names', pt: 'Parceiro não encontrado; crie-o antes ou use um dos seus nomes' },
  partner_ambiguous: { es: 'Nombre ambiguo; coincide con: {candidates}', en: 'Ambiguous name; it matches: {candidates}', pt: 'Nome ambíguo; corresponde a: {candidates}' },
  external_id_required: { es: 'El modo {mode} necesita un id externo', en: 'Mode {mode} needs an external id', pt: 'O modo {mode} precisa de um id externo' },
  duplicate_in_file: { es: 'El id externo se repite en la fila {first}', en: 'The external id repeats row {first}', pt: 'O id externo repete a linha {first}' },
  already_exists: { es: 'Ya existe un registro con este id externo (modo crear)', en: 'A record with this external id already exists (create mode)', pt: 'Já existe um registro com este id externo (modo criar)' },
  not_found: { es: 'No existe un registro con este id externo (modo actualizar)', en: 'No record has this external id (update mode)', pt: 'Não existe registro com este id externo (modo atualizar)' },
  other_kind: { es: 'El id externo pertenece a un registro de otro tipo ({type})', en: 'The external id belongs to a record of another kind ({type})', pt: 'O id externo pertence a um registro de outro tipo ({type})' },
  deleted_record: { es: 'El registro con este id externo fue eliminado; restáurelo primero', en: 'The record with this external id was deleted; restore it first', pt: 'O registro com este id externo foi excluído; restaure-o antes' },
  possible_duplicate: { es: 'Posible duplicado de «{name}» (similitud {score}); use modo actualizar o cambie el nombre', en: 'Possible duplicate of “{name}” (similarity {score}); use update mode or change the name', pt: 'Possível duplicado de «{name}» (similaridade {score}); use o modo atualizar ou mude o nome' },
  unknown_column: { es: 'Columna sin correspondencia; se ignora', en: 'Column not mapped; ignored', pt: 'Coluna sem correspondência; ignorada' },
  file_unreadable: { es: 'No se pudo leer el archivo: {message}', en: 'The file could not be read: {message}', pt: 'Não foi possível ler o arquivo: {message}' },
  no_rows: { es: 'El archivo no tiene filas de datos', en: 'The file has no data rows', pt: 'O arquivo não tem linhas de dados' },
  // IATI
  iati_not_ecuador: { es: 'La actividad no tiene a Ecuador (EC) como país receptor', en: 'The activity does not name Ecuador (EC) as recipient country', pt: 'A atividade não tem o Equador (EC) como país beneficiário' },
  iati_no_identifier: { es: 'La actividad no tiene iati-identifier', en: 'The activity has no iati-identifier', pt: 'A atividade não tem iati-identifier' },
  iati_no_title: { es: 'La actividad no tiene título', en: 'The activity has no title', pt: 'A atividade não tem título' },
  iati_duplicate: { es: 'El iati-identifier se repite en el archivo', en: 'The iati-identifier repeats in the file', pt: 'O iati-identifier se repete no arquivo' },
  iati_other_gad: { es: 'Este proyecto IATI ya fue importado por otro GAD', en: 'This IATI project was already imported by another GAD', pt: 'Este projeto IATI já foi importado por outro GAD' },
  iati_version: { es: 'Versión IATI no admitida ({version}); se admiten 2.01 a 2.03', en: 'Unsupported IATI version ({version}); 2.01 to 2.03 are supported', pt: 'Versão IATI não suportada ({version}); aceitam-se 2.01 a 2.03' },
  // Sister cities
  gad_not_found: { es: 'Ninguna ciudad del par es un GAD conocido de Ecuador', en: 'Neither city of the pair is a known Ecuadorian GAD', pt: 'Nenhuma cidade do par é um GAD conhecido do Equador' },
  gad_not_allowed: { es: 'Solo puede importar hermanamientos de su propio GAD', en: 'You may only import twinnings of your own GAD', pt: 'Só pode importar geminações do seu próprio GAD' },
} satisfies Record<string, Record<Locale, string>>;

export type Reason = keyof typeof REASONS;

export function reasonText(reason: string, locale: Locale, params: Record<string, unknown>): string {
  const texts = (REASONS as Record<string, Record<Locale, string>>)[reason];
  if (!texts) return reason;
  return texts[locale].replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));
}

export interface ReportRow {
  row: number;
  column: string | null;
  value: string | null;
  reason: Reason;
  params?: Record<string, unknown>;
  severity?: 'error' | 'info';
}

interface Issue { code: string; path: PropertyKey[]; message: string; values?: unknown[]; maximum?: unknown; minimum?: unknown; input?: unknown; origin?: string }

/** A zod issue as a report reason: the field it names and why, without zod's English. */
export function reasonOfIssue(issue: Issue): { path: string[]; reason: Reason; params: Record<string, unknown> } {
  const path = issue.path.map(String);
  if (issue.message === 'startDate must be on or before endDate' || issue.message === 'validFrom must be on or before validUntil') {
    return { path, reason: 'end_before_start', params: {} };
  }
  if (/date/i.test(issue.message) && (issue.code === 'invalid_format' || issue.code === 'custom')) return { path, reason: 'invalid_date', params: {} };
  switch (issue.code) {
    case 'invalid_type': return issue.input === undefined ? { path, reason: 'required', params: {} } : { path, reason: 'invalid', params: { message: issue.message } };
    case 'invalid_value': return { path, reason: 'invalid_choice', params: { allowed: (issue.values ?? []).join(', ') } };
    case 'invalid_union': return { path, reason: 'invalid', params: { message: issue.message } };
    case 'too_big':
      return issue.origin === 'string' ? { path, reason: 'too_long', params: { max: issue.maximum } } : { path, reason: 'invalid_number', params: { min: 1900, max: issue.maximum } };
    case 'too_small': return issue.origin === 'string' ? { path, reason: 'required', params: {} } : { path, reason: 'invalid_number', params: { min: issue.minimum, max: 2200 } };
    case 'invalid_format': return { path, reason: 'invalid_code', params: {} };
    default: return { path, reason: 'invalid', params: { message: issue.message } };
  }
}
