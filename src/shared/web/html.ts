// Server-rendered pages: every interpolated value is escaped unless it is already `SafeHtml` (made by `html`).
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | Interpolation[];

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, literal, i) => out + literal + (i < values.length ? render(values[i]) : ''), ''));
}

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (value instanceof SafeHtml) return value.value;
  return escapeText(String(value));
}

export function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

// A whole page: our stylesheet, no inline script or style (the CSP allows neither).
export function page({ title, body, scripts = [] }: { title: string; body: SafeHtml; scripts?: string[] }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · OpenCX Assist</title>
<link rel="stylesheet" href="/assets/pages.css">
<link rel="icon" href="data:,">
${scripts.map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="bar"><span class="brand">OpenCX Assist</span> <span>${title}</span></header>
<main id="main">
${body}
</main>
</body>
</html>`.value;
}
