import type { FieldError } from './errors.js';

// Hono keeps what it cannot decode as literal text (`%FF` stays "%FF"), so it is checked on the raw URL.
const malformed = 'is not valid percent-encoded UTF-8';

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

function decodedOr(text: string): string {
  return decodes(text) ? decodeURIComponent(text) : text;
}

/** A field error for each query parameter whose raw name or value is not valid percent-encoded UTF-8. */
export function malformedQueryFields(url: string): FieldError[] {
  const start = url.indexOf('?');
  if (start === -1 || !url.includes('%', start)) return [];
  const end = url.indexOf('#', start);
  const query = url.slice(start + 1, end === -1 ? undefined : end).replaceAll('+', ' ');
  return query.split('&').flatMap((pair) => {
    const [name = '', value = ''] = pair.split(/=(.*)/s);
    return decodes(name) && decodes(value) ? [] : [{ path: decodedOr(name), message: malformed }];
  });
}

/** A field error for each path segment that is not valid percent-encoded UTF-8, named after its `:param`. */
export function malformedPathFields(url: string, routePath: string): FieldError[] {
  const pathname = new URL(url).pathname;
  if (!pathname.includes('%')) return [];
  const pattern = routePath.split('/');
  return pathname.split('/').flatMap((segment, index) => {
    if (decodes(segment)) return [];
    const name = /^:([^{?]+)/.exec(pattern[index] ?? '')?.[1] ?? '';
    return [{ path: name, message: malformed }];
  });
}
