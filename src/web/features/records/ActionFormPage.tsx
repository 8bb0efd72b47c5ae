import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { ACTION_TYPES, ApiError, api, sendForm, sendJson, type ActionDetail, type ActionType, type Country, type Theme } from '../../api/client.ts';
import { FormField } from '../../components/FormField.tsx';
import { ErrorMessage, Loading, isNotFound } from '../../components/Status.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { can, useSession } from '../../session/session.tsx';
import NotFoundPage from '../../pages/NotFoundPage.tsx';
import { ConflictMerge, type Conflict } from './ConflictMerge.tsx';
import { fieldErrorsOf, problemText } from './fieldErrors.ts';
import { fieldLabel } from './display.ts';
import {
  AMOUNT_KINDS, CLASSIFICATION, KIND_FIELDS, MEMBERSHIP_ROLES, VISIBILITIES, emptyForm, formFromDetail, hasDelegates, toBody,
  type ActionForm, type FieldSpec,
} from './formModel.ts';
import { PartnerPicker } from './PartnerPicker.tsx';

interface NewCommitment { description: string; responsibleUnit: string; dueOn: string }

function useReferenceLists() {
  const [themes, setThemes] = useState<Theme[]>([]);
  const [countries, setCountries] = useState<Country[]>([]);
  useEffect(() => {
    api.themes().then((r) => setThemes(r.items), () => undefined);
    api.countries().then((r) => setCountries(r.items), () => undefined);
  }, []);
  return { themes, countries };
}

function Forbidden() {
  const { t } = useTranslation();
  return (
    <div className="narrow">
      <h1>{t('records.new.title')}</h1>
      <div className="alert alert-error" role="alert">{t('records.error.forbidden')}</div>
    </div>
  );
}

/** Picks the kind before the form: each kind has its own fields. */
function KindChooser() {
  const { t } = useTranslation();
  return (
    <div data-testid="kind-chooser">
      <h1>{t('records.new.title')}</h1>
      <p className="lead">{t('records.new.lead')}</p>
      <ul className="plain-list">
        {ACTION_TYPES.map((type) => (
          <li key={type} className="card compact">
            <Link to={`/actions/new?type=${type}`} className="strong">{t(`actionType.${type}`)}</Link>
            <p className="muted small">{t(`records.kindHint.${type}`)}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Editor({ initial, record }: { initial: ActionForm; record: ActionDetail | null }) {
  const { t, i18n } = useTranslation();
  const language = (i18n.resolvedLanguage ?? 'es') as 'es' | 'en' | 'pt';
  const navigate = useNavigate();
  const { me } = useSession();
  const { themes, countries } = useReferenceLists();
  const [form, setForm] = useState<ActionForm>(initial);
  const [base, setBase] = useState<ActionForm>(initial);
  const [version, setVersion] = useState(record?.version ?? 0);
  const [gad, setGad] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fileTitle, setFileTitle] = useState('');
  const [commitments, setCommitments] = useState<NewCommitment[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState(false);
  const type = form.type;
  const editing = record !== null;

  const names = {
    theme: (code: string) => themes.find((x) => x.code === code)?.name[language] ?? code,
    country: (code: string) => countries.find((x) => x.code === code)?.name[language] ?? code,
  };
  const set = (patch: Partial<ActionForm>) => setForm((f) => ({ ...f, ...patch }));
  const setDetail = (name: string, value: string) => setForm((f) => ({ ...f, details: { ...f.details, [name]: value } }));

  /** After the record is saved: the signed document or acta, then the commitments of the acta. */
  async function saveAttachments(id: string) {
    if (file) {
      const body = new FormData();
      body.append('title', fileTitle.trim() || t(type === 'agreement' ? 'records.document.signedTitle' : type === 'participation' ? 'records.document.actaTitle' : 'records.document.defaultTitle'));
      body.append('file', file);
      await sendForm(`/actions/${encodeURIComponent(id)}/documents`, body);
    }
    for (const c of commitments.filter((x) => x.description.trim())) {
      await sendJson('POST', '/commitments', { actionId: id, description: c.description.trim(), responsibleUnit: c.responsibleUnit.trim() || null, dueOn: c.dueOn || null });
    }
  }

  async function save(values: ActionForm, fromVersion: number) {
    setBusy(true);
    setFailure(null);
    setErrors({});
    let savedId: string | null = record?.id ?? null;
    try {
      const body = toBody(values);
      if (editing) {
        const { type: _type, ...patch } = body;
        await sendJson('PATCH', `/actions/${encodeURIComponent(record.id)}`, { ...patch, version: fromVersion });
      } else {
        const created = await sendJson<{ id: string }>('POST', '/actions', me?.role === 'platform_admin' && gad.trim() ? { ...body, gad: gad.trim() } : body);
        savedId = created.id;
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.current && editing) {
        const current = error.current as ActionDetail;
        setConflict({ base, mine: values, theirs: formFromDetail(current), version: current.version });
      } else {
        setErrors(fieldErrorsOf(t, error));
        setFailure(problemText(t, error));
      }
      setBusy(false);
      return;
    }
    try {
      await saveAttachments(savedId!);
    } catch (error) {
      setBusy(false);
      setFailure(`${t('records.form.attachmentFailed')} ${problemText(t, error)}`);
      // The record itself is saved: continue from its edit page so a second save is an edit, not a duplicate.
      if (!editing) navigate(`/actions/${savedId}/edit`, { replace: true });
      return;
    }
    navigate(`/actions/${savedId}`, { state: { saved: true } });
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void save(form, version);
  }

  const err = (key: string) => errors[key] ?? null;
  const fid = (key: string) => `f-${key.replace(/\./g, '-')}`;

  function renderField(spec: FieldSpec, value: string, onChange: (v: string) => void, key: string, labelText: string, hint?: ReactNode) {
    return (
      <FormField key={key} id={fid(key)} label={<>{labelText}{spec.required && <span aria-hidden="true"> *</span>}</>} error={err(key)} hint={hint}>
        {(p) => {
          if (spec.kind === 'textarea') return <textarea {...p} value={value} onChange={(e) => onChange(e.target.value)} rows={4} />;
          if (spec.kind === 'enum') {
            return (
              <select {...p} value={value} onChange={(e) => onChange(e.target.value)} required={spec.required}>
                {!spec.required || value === '' ? <option value="">{spec.required ? t('records.form.choose') : t('records.form.notSet')}</option> : null}
                {spec.options!.map((o) => <option key={o} value={o}>{t(`enum.${spec.name}.${o}`, { defaultValue: o })}</option>)}
              </select>
            );
          }
          return <input {...p} type={spec.kind === 'date' ? 'date' : spec.kind === 'number' ? 'number' : 'text'} value={value} onChange={(e) => onChange(e.target.value)} />;
        }}
      </FormField>
    );
  }

  const countrySelect = (key: string, value: string, onChange: (v: string) => void, labelText: string) => (
    <FormField key={key} id={fid(key)} label={labelText} error={err(key)}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('records.form.notSet')}</option>
          {countries.map((c) => <option key={c.code} value={c.code}>{c.name[language]}</option>)}
        </select>
      )}
    </FormField>
  );

  const title = editing ? t('records.edit.title', { title: record.title }) : t('records.new.titleOf', { type: t(`actionType.${type}`) });
  usePageTitle(title);

  return (
    <div data-testid="action-form-page">
      <header className="page-header">
        <p className="eyebrow">{t(`actionType.${type}`)}</p>
        <h1>{title}</h1>
        <p className="muted">{t('records.form.requiredHint')}</p>
      </header>
      {conflict && (
        <ConflictMerge conflict={conflict} names={names} busy={busy}
          onMerge={(merged, currentVersion) => {
            setConflict(null);
            setForm(merged);
            setBase(conflict.theirs);
            setVersion(currentVersion);
            void save(merged, currentVersion);
          }}
          onDiscard={() => {
            setForm(conflict.theirs);
            setBase(conflict.theirs);
            setVersion(conflict.version);
            setConflict(null);
          }} />
      )}
      <form className="form form-wide" onSubmit={onSubmit} noValidate data-testid="action-form">
        {failure && <div className="alert alert-error" role="alert" data-testid="form-error">{failure}</div>}

        <fieldset className="fieldset">
          <legend>{t('records.section.core')}</legend>
          {me?.role === 'platform_admin' && !editing && (
            <FormField id="f-gad" label={t('records.field.gad')} hint={t('records.form.gadHint')} error={err('gad')}>
              {(p) => <input {...p} type="text" value={gad} onChange={(e) => setGad(e.target.value)} />}
            </FormField>
          )}
          {renderField({ name: 'title', kind: 'text', required: true }, form.title, (v) => set({ title: v }), 'title', fieldLabel(t, 'title'))}
          {renderField({ name: 'description', kind: 'textarea' }, form.description, (v) => set({ description: v }), 'description', fieldLabel(t, 'description'))}
          <div className="row">
            {renderField({ name: 'startDate', kind: 'date' }, form.startDate, (v) => set({ startDate: v }), 'startDate', fieldLabel(t, 'startDate'))}
            {renderField({ name: 'endDate', kind: 'date' }, form.endDate, (v) => set({ endDate: v }), 'endDate', fieldLabel(t, 'endDate'))}
            <FormField id={fid('datePrecision')} label={fieldLabel(t, 'datePrecision')} error={err('datePrecision')}>
              {(p) => (
                <select {...p} value={form.datePrecision} onChange={(e) => set({ datePrecision: e.target.value })}>
                  {['day', 'month', 'year'].map((o) => <option key={o} value={o}>{t(`records.precision.${o}`)}</option>)}
                </select>
              )}
            </FormField>
          </div>
          <div className="row">
            {renderField({ name: 'city', kind: 'text' }, form.city, (v) => set({ city: v }), 'city', fieldLabel(t, 'city'))}
            {countrySelect('country', form.country, (v) => set({ country: v }), fieldLabel(t, 'country'))}
          </div>
          <FormField id={fid('visibility')} label={fieldLabel(t, 'visibility')} hint={t('records.form.visibilityHint')} error={err('visibility')}>
            {(p) => (
              <select {...p} value={form.visibility} onChange={(e) => set({ visibility: e.target.value })}>
                {VISIBILITIES.map((v) => <option key={v} value={v}>{t(`visibility.${v}`)}</option>)}
              </select>
            )}
          </FormField>
        </fieldset>

        <fieldset className="fieldset" data-testid="kind-fields">
          <legend>{t('records.section.kind', { type: t(`actionType.${type}`) })}</legend>
          {KIND_FIELDS[type].map((spec) =>
            renderField(spec, form.details[spec.name] ?? '', (v) => setDetail(spec.name, v), `details.${spec.name}`, t(`field.${spec.name}`),
              spec.name === 'areas' ? t('records.form.areasHint') : undefined))}
        </fieldset>

        {hasDelegates(type) && (
          <fieldset className="fieldset">
            <legend>{t(type === 'visit' ? 'records.section.visitors' : 'records.section.delegates')}</legend>
            {form.delegates.map((d, i) => (
              <div key={i} className="list-item">
                <div className="row">
                  {(['name', 'title', 'organisation'] as const).map((k) =>
                    renderField({ name: k, kind: 'text' }, d[k], (v) => set({ delegates: form.delegates.map((x, j) => (j === i ? { ...x, [k]: v } : x)) }),
                      `details.delegates.${i}.${k}`, t(`records.delegate.${k}`)))}
                  {countrySelect(`details.delegates.${i}.country`, d.country, (v) => set({ delegates: form.delegates.map((x, j) => (j === i ? { ...x, country: v } : x)) }), t('records.delegate.country'))}
                </div>
                <div><button type="button" className="button button-secondary" onClick={() => set({ delegates: form.delegates.filter((_, j) => j !== i) })}>
                  {t('records.form.removeNumbered', { n: i + 1 })}</button></div>
              </div>
            ))}
            <div><button type="button" className="button button-secondary" onClick={() => set({ delegates: [...form.delegates, { name: '', title: '', organisation: '', country: '' }] })}>
              {t('records.form.addDelegate')}</button></div>
          </fieldset>
        )}

        {type === 'membership' && (
          <>
            <fieldset className="fieldset">
              <legend>{t('records.field.roles')}</legend>
              {form.roles.map((r, i) => (
                <div key={i} className="list-item">
                  <div className="row">
                    <FormField id={fid(`details.roles.${i}.role`)} label={t('records.roleRow.role')} error={err(`details.roles.${i}.role`)}>
                      {(p) => (
                        <select {...p} value={r.role} onChange={(e) => set({ roles: form.roles.map((x, j) => (j === i ? { ...x, role: e.target.value } : x)) })}>
                          {MEMBERSHIP_ROLES.map((o) => <option key={o} value={o}>{t(`membershipRole.${o}`)}</option>)}
                        </select>
                      )}
                    </FormField>
                    {(['label', 'body'] as const).map((k) => renderField({ name: k, kind: 'text' }, r[k], (v) => set({ roles: form.roles.map((x, j) => (j === i ? { ...x, [k]: v } : x)) }),
                      `details.roles.${i}.${k}`, t(`records.roleRow.${k}`)))}
                    {(['termStart', 'termEnd'] as const).map((k) => renderField({ name: k, kind: 'date' }, r[k], (v) => set({ roles: form.roles.map((x, j) => (j === i ? { ...x, [k]: v } : x)) }),
                      `details.roles.${i}.${k}`, t(`records.roleRow.${k}`)))}
                  </div>
                  <div><button type="button" className="button button-secondary" onClick={() => set({ roles: form.roles.filter((_, j) => j !== i) })}>
                    {t('records.form.removeNumbered', { n: i + 1 })}</button></div>
                </div>
              ))}
              <div><button type="button" className="button button-secondary" onClick={() => set({ roles: [...form.roles, { role: 'council_member', label: '', body: '', termStart: '', termEnd: '' }] })}>
                {t('records.form.addRole')}</button></div>
            </fieldset>
            <FormField id={fid('details.committees')} label={t('records.field.committees')} hint={t('records.form.onePerLine')} error={err('details.committees')}>
              {(p) => <textarea {...p} rows={3} value={form.committees.join('\n')} onChange={(e) => set({ committees: e.target.value.split('\n') })} />}
            </FormField>
          </>
        )}

        {type === 'project' && (
          <fieldset className="fieldset">
            <legend>{t('records.field.amounts')}</legend>
            {form.amounts.map((m, i) => (
              <div key={i} className="list-item">
                <div className="row">
                  <FormField id={fid(`details.amounts.${i}.kind`)} label={t('records.amount.kind')} error={err(`details.amounts.${i}.kind`)}>
                    {(p) => (
                      <select {...p} value={m.kind} onChange={(e) => set({ amounts: form.amounts.map((x, j) => (j === i ? { ...x, kind: e.target.value } : x)) })}>
                        {AMOUNT_KINDS.map((o) => <option key={o} value={o}>{t(`enum.kind.${o}`)}</option>)}
                      </select>
                    )}
                  </FormField>
                  {renderField({ name: 'amount', kind: 'number' }, m.amount, (v) => set({ amounts: form.amounts.map((x, j) => (j === i ? { ...x, amount: v } : x)) }), `details.amounts.${i}.amountMinor`, t('records.amount.amount'))}
                  {renderField({ name: 'currency', kind: 'text' }, m.currency, (v) => set({ amounts: form.amounts.map((x, j) => (j === i ? { ...x, currency: v } : x)) }), `details.amounts.${i}.currency`, t('records.amount.currency'))}
                  {renderField({ name: 'onDate', kind: 'date' }, m.onDate, (v) => set({ amounts: form.amounts.map((x, j) => (j === i ? { ...x, onDate: v } : x)) }), `details.amounts.${i}.onDate`, t('records.amount.onDate'))}
                </div>
                <div><button type="button" className="button button-secondary" onClick={() => set({ amounts: form.amounts.filter((_, j) => j !== i) })}>
                  {t('records.form.removeNumbered', { n: i + 1 })}</button></div>
              </div>
            ))}
            <div><button type="button" className="button button-secondary" onClick={() => set({ amounts: [...form.amounts, { kind: 'budget', amount: '', currency: 'USD', onDate: '' }] })}>
              {t('records.form.addAmount')}</button></div>
          </fieldset>
        )}

        <fieldset className="fieldset" data-testid="themes-fieldset">
          <legend>{t('records.field.themes')}</legend>
          {err('themes') && <p className="field-error">{err('themes')}</p>}
          <ul className="check-grid">
            {themes.map((theme) => (
              <li key={theme.code} className="field-check">
                <input id={`theme-${theme.code}`} type="checkbox" checked={form.themes.includes(theme.code)}
                  onChange={(e) => set({ themes: e.target.checked ? [...form.themes, theme.code].sort() : form.themes.filter((c) => c !== theme.code) })} />
                <label htmlFor={`theme-${theme.code}`}>{theme.name[language]}</label>
              </li>
            ))}
          </ul>
        </fieldset>

        <PartnerPicker value={form.partners} onChange={(partners) => set({ partners })} errors={errors} />

        {(type === 'agreement' || type === 'participation' || !editing) && (
          <fieldset className="fieldset" data-testid="document-fieldset">
            <legend>{t(type === 'agreement' ? 'records.document.signedLegend' : type === 'participation' ? 'records.document.actaLegend' : 'records.document.legend')}</legend>
            <FormField id="f-file" label={t('records.document.file')} hint={t('records.document.fileHint')}>
              {(p) => <input {...p} type="file" accept=".pdf,.docx,.odt,.xlsx,.jpg,.jpeg,.png" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
            </FormField>
            <FormField id="f-file-title" label={t('records.document.title')}>
              {(p) => <input {...p} type="text" value={fileTitle} onChange={(e) => setFileTitle(e.target.value)} />}
            </FormField>
            {type === 'participation' && (
              <>
                <h3>{t('records.commitment.heading')}</h3>
                <p className="field-hint">{t('records.commitment.hint')}</p>
                {commitments.map((c, i) => (
                  <div key={i} className="list-item">
                    <FormField id={`f-commitment-${i}`} label={t('records.commitment.description')}>
                      {(p) => <textarea {...p} rows={2} value={c.description} onChange={(e) => setCommitments(commitments.map((x, j) => (j === i ? { ...x, description: e.target.value } : x)))} />}
                    </FormField>
                    <div className="row">
                      <FormField id={`f-commitment-${i}-unit`} label={t('field.responsibleUnit')}>
                        {(p) => <input {...p} type="text" value={c.responsibleUnit} onChange={(e) => setCommitments(commitments.map((x, j) => (j === i ? { ...x, responsibleUnit: e.target.value } : x)))} />}
                      </FormField>
                      <FormField id={`f-commitment-${i}-due`} label={t('field.dueOn')}>
                        {(p) => <input {...p} type="date" value={c.dueOn} onChange={(e) => setCommitments(commitments.map((x, j) => (j === i ? { ...x, dueOn: e.target.value } : x)))} />}
                      </FormField>
                    </div>
                  </div>
                ))}
                <div><button type="button" className="button button-secondary" onClick={() => setCommitments([...commitments, { description: '', responsibleUnit: '', dueOn: '' }])}>
                  {t('records.commitment.add')}</button></div>
              </>
            )}
          </fieldset>
        )}

        <fieldset className="fieldset">
          <legend>{t('action.classification')}</legend>
          <div className="row">
            {CLASSIFICATION.map((spec) => renderField(spec, (form as unknown as Record<string, string>)[spec.name] ?? '', (v) => set({ [spec.name]: v } as Partial<ActionForm>), spec.name, t(`field.${spec.name}`)))}
          </div>
        </fieldset>

        <fieldset className="fieldset">
          <legend>{t('records.section.source')}</legend>
          {renderField({ name: 'sourceNote', kind: 'textarea' }, form.sourceNote, (v) => set({ sourceNote: v }), 'sourceNote', fieldLabel(t, 'sourceNote'))}
          {renderField({ name: 'ambiguityNote', kind: 'textarea' }, form.ambiguityNote, (v) => set({ ambiguityNote: v }), 'ambiguityNote', fieldLabel(t, 'ambiguityNote'))}
        </fieldset>

        <div className="actions-row">
          <button type="submit" className="button" disabled={busy || conflict !== null} data-testid="save-action">
            {busy ? t('records.form.saving') : editing ? t('records.form.saveChanges') : t('records.form.create')}
          </button>
          <Link to={editing ? `/actions/${record.id}` : '/'}>{t('records.form.cancel')}</Link>
        </div>
      </form>
    </div>
  );
}

export default function ActionFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [params] = useSearchParams();
  const { me } = useSession();
  const [record, setRecord] = useState<{ status: 'loading' } | { status: 'ok'; data: ActionDetail } | { status: 'error'; error: unknown }>({ status: 'loading' });

  useEffect(() => {
    if (!id) return;
    const controller = new AbortController();
    setRecord({ status: 'loading' });
    api.action(id, controller.signal).then((data) => setRecord({ status: 'ok', data }), (error: unknown) => {
      if (!controller.signal.aborted) setRecord({ status: 'error', error });
    });
    return () => controller.abort();
  }, [id]);

  if (me === undefined) return <Loading />;
  const here = id ? `/actions/${id}/edit` : `/actions/new${params.get('type') ? `?type=${params.get('type')}` : ''}`;
  if (!me) return <Navigate to={`/sign-in?next=${encodeURIComponent(here)}`} replace />;

  if (!id) {
    if (!can.edit(me)) return <Forbidden />;
    const type = params.get('type') as ActionType | null;
    if (!type || !ACTION_TYPES.includes(type)) return <KindChooser />;
    return <Editor key={type} initial={emptyForm(type)} record={null} />;
  }
  if (record.status === 'loading') return <Loading />;
  if (record.status === 'error') return isNotFound(record.error) ? <NotFoundPage /> : <ErrorMessage error={record.error} />;
  if (!can.edit(me, record.data.gad.id)) return <Forbidden />;
  return <Editor key={record.data.id} initial={formFromDetail(record.data)} record={record.data} />;
}
