/**
 * A route in the admin API contract: method, path with `:params`, and zod schemas for what goes
 * in and what comes out. The server mounts handlers from it; the renderer's client calls it.
 */
import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDef {
  method: HttpMethod;
  path: string;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The body is a file's raw bytes (application/octet-stream), streamed to the handler, not JSON. */
  rawBody?: true;
  response: z.ZodType;
  /** The success status when it is not 200 (202: accepted, the outcome follows as events). */
  status?: 200 | 201 | 202;
}

/** A raw body as the handler receives it: the bytes as they arrive, and the request's headers. */
export interface RawUpload {
  chunks: AsyncIterable<Uint8Array>;
  header(name: string): string | undefined;
  /** The Content-Length the client declared, when it sent one. */
  declaredLength?: number;
}

/** What a caller sends as a raw body: the bytes, and headers such as X-File-Name. (The renderer streams a File itself.) */
export interface RawBodyInput {
  data: Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
}

export function route<const R extends RouteDef>(def: R): R {
  return def;
}

type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

export type RouteParams<R extends RouteDef> = { [K in ParamNames<R['path']>]: string };

/** What a caller passes: path params, query and body, each only where the route has them. */
export type RouteInput<R extends RouteDef> = ([ParamNames<R['path']>] extends [never] ? unknown : { params: RouteParams<R> }) &
  (R['query'] extends z.ZodType ? { query: z.input<R['query']> } : unknown) &
  (R['body'] extends z.ZodType ? { body: z.input<R['body']> } : unknown) &
  (R['rawBody'] extends true ? { body: RawBodyInput } : unknown);

/** What a handler receives: the same, parsed. */
export type ParsedInput<R extends RouteDef> = {
  params: RouteParams<R>;
  query: R['query'] extends z.ZodType ? z.output<R['query']> : undefined;
  body: R['rawBody'] extends true ? RawUpload : R['body'] extends z.ZodType ? z.output<R['body']> : undefined;
};

export type RouteOutput<R extends RouteDef> = z.output<R['response']>;

export function fillPath(path: string, params: Record<string, string> | undefined): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
