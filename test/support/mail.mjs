// Just enough MIME decoding to read what the reference server mails: headers, single-part or
// multipart bodies, base64 and quoted-printable transfer encodings.

function splitHeaders(raw) {
  const index = raw.search(/\r?\n\r?\n/);
  const head = index === -1 ? raw : raw.slice(0, index);
  const body = index === -1 ? '' : raw.slice(index).replace(/^\r?\n\r?\n/, '');
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodeBody(body, encoding = '') {
  const kind = encoding.toLowerCase();
  if (kind === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (kind === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** Decoded subject (RFC 2047 words included) and the text of every text part. */
function decodeSubject(subject = '') {
  return subject.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind, text) =>
    kind.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : decodeBody(text.replace(/_/g, ' '), 'quoted-printable'),
  );
}

function textOf(headers, body) {
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    return body
      .split(`--${boundary}`)
      .slice(1)
      .filter((part) => !part.startsWith('--'))
      .map((part) => {
        const inner = splitHeaders(part.replace(/^\r?\n/, ''));
        return textOf(inner.headers, inner.body);
      })
      .join('\n');
  }
  if (!type.toLowerCase().startsWith('text/')) return '';
  const text = decodeBody(body, headers['content-transfer-encoding']);
  return type.toLowerCase().startsWith('text/html') ? text.replace(/<[^>]+>/g, ' ') : text;
}

/** `{ subject, text, code }`, where `code` is the first 6-digit number of the message. */
export function decodeMail(raw) {
  const { headers, body } = splitHeaders(raw);
  const text = textOf(headers, body);
  return { subject: decodeSubject(headers.subject), text, code: /\b(\d{6})\b/.exec(text)?.[1] };
}
