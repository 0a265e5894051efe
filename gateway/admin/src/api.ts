/** RFC 9457 problem details, as the API answers every error. */
export interface Problem {
  status: number;
  title: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

/** A non-2xx answer of the API, carrying its problem. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

/** Calls the API on this origin with a JSON or form body maybe; answers the parsed body or throws ApiError. */
export async function requestJson<T>(
  path: string,
  { method = 'GET', body, token }: { method?: string; body?: unknown; token?: string } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  // A FormData body (a file upload) sets its own multipart content type.
  const isForm = body instanceof FormData;
  if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: isForm ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const problem = parsed as Partial<Problem>;
    throw new ApiError({ ...problem, status: response.status, title: problem.title ?? response.statusText });
  }
  return parsed as T;
}
