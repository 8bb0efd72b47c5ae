import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from './api.ts';

/**
 * The GAD's contact person, behind a button so the page is not a list of addresses. A person who
 * opted out is never sent by the server; then the card says whom to ask instead.
 */
export function ContactCard({ contact, subject, gadName }: { contact: Contact | null; subject: string; gadName: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  if (!contact) return <p className="small muted">{t('knowledge.contact.none', { gad: gadName })}</p>;
  const mailto = `mailto:${contact.email}?subject=${encodeURIComponent(`Glocal: ${subject}`)}`;
  return (
    <div className="contact">
      <button type="button" className="button button-secondary" aria-expanded={open} aria-controls={panelId}
        onClick={() => setOpen(!open)} data-testid="contact-button">
        {t('knowledge.contact.show')}
      </button>
      <div id={panelId} hidden={!open} className="contact-card" data-testid="contact-card">
        <p className="strong">{contact.name}</p>
        {contact.position && <p className="small">{contact.position}</p>}
        <p>
          <a href={mailto} data-testid="contact-mailto">{t('knowledge.contact.write', { email: contact.email })}</a>
        </p>
        {contact.phone && <p className="small">{t('knowledge.contact.phone')}: {contact.phone}</p>}
      </div>
    </div>
  );
}
