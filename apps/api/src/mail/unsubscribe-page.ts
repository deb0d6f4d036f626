/**
 * The two small pages of the unsubscribe link, served by the API (they must work without the
 * web app and without JavaScript). The link says no language, so each page is in French,
 * then in English.
 */
function page(body: string): string {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Désinscription – Unsubscribe</title></head>
<body style="font-family:sans-serif;line-height:1.5;max-width:36em;margin:2em auto;padding:0 1em">
<main>${body}</main></body></html>`;
}

function attribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function unsubscribeConfirmPage(token: string): string {
  return page(`<h1>Ne plus recevoir ces messages</h1>
<form method="post" action="/api/mail/unsubscribe?token=${attribute(encodeURIComponent(token))}">
<p>Vous ne recevrez plus les messages de cette catégorie à cette adresse.</p>
<p><button type="submit">Me désinscrire</button></p>
<p lang="en">You will no longer receive the messages of this kind at this address.</p>
<p lang="en"><button type="submit">Unsubscribe</button></p>
</form>`);
}

export function unsubscribedPage(): string {
  return page(`<h1>C’est fait</h1>
<p>Vous ne recevrez plus ces messages.</p>
<p lang="en">Done: you will no longer receive these messages.</p>`);
}
