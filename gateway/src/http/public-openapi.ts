import type { Logger } from '@shop/platform';
import type { Upstream, Upstreams } from '../proxy/upstreams.js';
import { mergeOpenApi, type OpenApiDocument, type UpstreamDocument } from './merge-openapi.js';

const FETCH_TIMEOUT_MS = 2_000;
const COMPLETE_TTL_MS = 30_000;
// An incomplete document is rebuilt sooner, so a service coming back shows up quickly.
const INCOMPLETE_TTL_MS = 5_000;

/** The merged OpenAPI document of the deployed upstreams, fetched on first use and cached briefly. */
export class PublicOpenApi {
  private cached: { document: OpenApiDocument; until: number } | null = null;
  private building: Promise<OpenApiDocument> | null = null;

  constructor(
    private readonly upstreams: Upstreams,
    private readonly logger: Logger,
  ) {}

  /** The current document; concurrent callers share one rebuild. */
  document(): Promise<OpenApiDocument> {
    if (this.cached && Date.now() < this.cached.until) return Promise.resolve(this.cached.document);
    this.building ??= this.build().finally(() => {
      this.building = null;
    });
    return this.building;
  }

  private async build(): Promise<OpenApiDocument> {
    const sources = await Promise.all(
      [...this.upstreams.values()].map((upstream) => this.fetchFrom(upstream)),
    );
    const document = mergeOpenApi(sources);
    const complete = sources.every((source) => source.document);
    this.cached = { document, until: Date.now() + (complete ? COMPLETE_TTL_MS : INCOMPLETE_TTL_MS) };
    return document;
  }

  private async fetchFrom(upstream: Upstream): Promise<UpstreamDocument> {
    try {
      const answer = await upstream.pool.request({
        method: 'GET',
        path: `${upstream.basePath}/openapi.json`,
        headersTimeout: FETCH_TIMEOUT_MS,
        bodyTimeout: FETCH_TIMEOUT_MS,
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
      if (answer.statusCode !== 200) {
        await answer.body.dump();
        throw new Error(`answered ${answer.statusCode}`);
      }
      return { upstream: upstream.name, document: (await answer.body.json()) as OpenApiDocument };
    } catch (error) {
      this.logger.warn({ upstream: upstream.name, err: (error as Error).message }, 'no OpenAPI document');
      return { upstream: upstream.name, document: undefined };
    }
  }
}
