import type { UpstreamName } from '../config.js';
import { upstreamOfPath } from '../proxy/public-routes.js';

/** The parts of an OpenAPI 3.1 document the merge looks at. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, unknown>;
  components?: Record<string, Record<string, unknown>>;
  tags?: Array<{ name: string }>;
  [field: string]: unknown;
}

/** One upstream's document, or undefined when it could not be fetched. */
export interface UpstreamDocument {
  upstream: UpstreamName;
  document: OpenApiDocument | undefined;
}

/**
 * One document for the public API: the union of the upstreams' paths that the gateway exposes
 * (internal ones are left out), their components (schemas, security schemes, …; the first
 * definition of a name wins) and tags. Upstreams that were down are named in the description.
 */
export function mergeOpenApi(sources: UpstreamDocument[]): OpenApiDocument {
  const merged = {
    openapi: '3.1.0',
    info: { title: 'Shop API', version: '1.0.0', description: describe(sources) },
    paths: {} as Record<string, unknown>,
    components: {} as Record<string, Record<string, unknown>>,
    tags: [] as Array<{ name: string }>,
  };
  for (const { upstream, document } of sources) {
    if (!document) continue;
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      if (upstreamOfPath(path) === upstream) merged.paths[path] ??= item;
    }
    for (const [section, entries] of Object.entries(document.components ?? {})) {
      merged.components[section] = { ...entries, ...merged.components[section] };
    }
    for (const tag of document.tags ?? []) {
      if (!merged.tags.some((known) => known.name === tag.name)) merged.tags.push(tag);
    }
  }
  return merged;
}

function describe(sources: UpstreamDocument[]): string {
  const intro = 'The public API of Shop, served through the gateway.';
  const missing = sources.filter((source) => !source.document).map((source) => source.upstream);
  return missing.length === 0
    ? intro
    : `${intro}\n\n**Incomplete:** the ${missing.join(', ')} service(s) did not answer when this document was built.`;
}

/**
 * Adds the gateway's own documented routes (the admin dead-letter fan-out) to the merged document.
 * The services' /admin paths never reach it (they are not public prefixes), so each path appears
 * once, described as the gateway answers it.
 */
export function withGatewayPaths(merged: OpenApiDocument, own: OpenApiDocument): OpenApiDocument {
  const components = { ...merged.components };
  for (const [section, entries] of Object.entries(own.components ?? {})) {
    components[section] = { ...entries, ...components[section] };
  }
  const tags = [...(merged.tags ?? [])];
  for (const tag of own.tags ?? []) if (!tags.some((known) => known.name === tag.name)) tags.push(tag);
  return { ...merged, paths: { ...merged.paths, ...own.paths }, components, tags };
}
