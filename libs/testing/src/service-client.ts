/** A service's answer, as component tests assert it. */
export interface ServiceResponse {
  status: number;
  contentType: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
  body: any;
}

export interface ServiceRequest {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** Sent as JSON; a string is sent as it is. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as it is (a FormData sets its own content-type); headers must name any other type. */
  raw?: RequestInit['body'];
}

/**
 * Calls a service at `origin` over real HTTP, as the gateway would. The body of a JSON answer is
 * parsed, any other is its text, an empty one undefined.
 */
export async function callService(
  origin: string,
  method: string,
  path: string,
  { token, body, headers: extra, raw }: ServiceRequest = {},
): Promise<ServiceResponse> {
  const headers: Record<string, string> = { ...extra };
  if (token) headers.authorization = `Bearer ${token}`;
  let sent: RequestInit['body'] = raw;
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    sent = typeof body === 'string' ? body : JSON.stringify(body);
  }
  // A stream body needs half duplex (undici's fetch).
  const response = await fetch(`${origin}${path}`, {
    method,
    headers,
    body: sent,
    duplex: 'half',
  } as RequestInit);
  const text = await response.text();
  const contentType = response.headers.get('content-type');
  return {
    status: response.status,
    contentType,
    body: !text ? undefined : contentType?.includes('json') ? JSON.parse(text) : text,
  };
}
