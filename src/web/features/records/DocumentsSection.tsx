import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, sendForm } from '../../api/client.ts';
import { FormField } from '../../components/FormField.tsx';
import { formatDate } from '../../components/format.ts';
import { problemText } from './fieldErrors.ts';

interface StoredDocument {
  id: string;
  title: string;
  filename: string;
  contentType: string;
  size: number;
  version: number;
  versions?: number;
  createdAt: string;
  extraction: { state: string };
}

function formatSize(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}

/** The record's documents (latest version of each) with download links; editors may upload more. */
export function DocumentsSection({ actionId, canUpload }: { actionId: string; canUpload: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'es';
  const [items, setItems] = useState<StoredDocument[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [done, setDone] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    getJson<{ items: StoredDocument[] }>(`/actions/${encodeURIComponent(actionId)}/documents`, {}, controller.signal)
      .then((r) => setItems(r.items), (error: unknown) => { if (!controller.signal.aborted) { setItems([]); setFailure(problemText(t, error)); } });
    return () => controller.abort();
  }, [actionId, attempt, t]);

  async function upload(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setFailure(null);
    setDone(false);
    const body = new FormData();
    if (title.trim()) body.append('title', title.trim());
    body.append('file', file);
    try {
      await sendForm(`/actions/${encodeURIComponent(actionId)}/documents`, body);
      setDone(true);
      setTitle('');
      setAttempt((n) => n + 1);
    } catch (error) {
      setFailure(problemText(t, error));
    }
  }

  return (
    <section className="section" aria-labelledby="documents">
      <h2 id="documents">{t('action.documents')}</h2>
      {failure && <div className="alert alert-error" role="alert">{failure}</div>}
      {items === null ? null : items.length === 0 ? <p className="muted">{t('records.document.none')}</p> : (
        <ul className="plain-list" data-testid="document-list">
          {items.map((d) => (
            <li key={d.id} className="card compact">
              <a href={`/api/documents/${encodeURIComponent(d.id)}/download`} className="strong" aria-label={t('records.document.download', { title: d.title })}>
                {d.title}
              </a>
              <p className="muted small">
                {d.filename} · {formatSize(d.size, locale)} · {formatDate(d.createdAt.slice(0, 10), locale)}
                {(d.versions ?? 1) > 1 && <> · {t('records.document.versions', { count: d.versions })}</>}
                {d.extraction.state === 'pending' && <> · {t('records.document.pending')}</>}
              </p>
            </li>
          ))}
        </ul>
      )}
      {canUpload && (
        <form className="form" onSubmit={(event) => void upload(event)} data-testid="document-upload">
          {done && <div className="alert alert-success" role="status">{t('records.document.uploaded')}</div>}
          <div className="row">
            <FormField id="upload-file" label={t('records.document.file')} hint={t('records.document.fileHint')}>
              {(p) => <input {...p} type="file" accept=".pdf,.docx,.odt,.xlsx,.jpg,.jpeg,.png" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
            </FormField>
            <FormField id="upload-title" label={t('records.document.title')}>
              {(p) => <input {...p} type="text" value={title} onChange={(e) => setTitle(e.target.value)} />}
            </FormField>
          </div>
          <div><button type="submit" className="button button-secondary" disabled={!file}>{t('records.document.upload')}</button></div>
        </form>
      )}
    </section>
  );
}
