import { FOOTER, type MailCategory, type MailContent, type MailLanguage } from './mail-messages';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The plain-text and HTML bodies of a mail, with the footer and its unsubscribe link. */
export function renderMail(
  language: MailLanguage,
  category: MailCategory,
  content: MailContent,
  unsubscribeUrl: string,
): RenderedMail {
  const footer = FOOTER[language];
  const paragraphs = content.paragraphs.filter((p) => p.trim() !== '');
  const colon = language === 'fr' ? '\u00a0: ' : ': ';
  const text = [
    ...paragraphs,
    ...(content.action ? [`${content.action.label}${colon}${content.action.url}`] : []),
    '--',
    footer.why[category],
    `${footer.unsubscribe}${colon}${unsubscribeUrl}`,
  ].join('\n\n');
  const html = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>
<body style="font-family:sans-serif;line-height:1.5;color:#1a1a1a;max-width:36em">
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${
  content.action
    ? `<p><a href="${escapeHtml(content.action.url)}" style="display:inline-block;padding:.6em 1em;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(content.action.label)}</a></p>`
    : ''
}
<hr><p style="font-size:.85em;color:#444">${escapeHtml(footer.why[category])}<br>
<a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(footer.unsubscribe)}</a></p>
</body></html>`;
  return { subject: content.subject, text, html };
}
