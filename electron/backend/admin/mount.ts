/** Mounts handlers for every route of the shared contract, parsing what comes in with its schemas. */
import express, { type Router } from 'express';
import type { Contract, RouteName } from '../../../shared/api/contract';
import type { ParsedInput, RouteOutput } from '../../../shared/api/routes';
import { AppError } from '../errors';

export type Handlers = {
  [K in RouteName]: (input: ParsedInput<Contract[K]>) => Promise<RouteOutput<Contract[K]>> | RouteOutput<Contract[K]>;
};

export function mountContract(contract: Contract, handlers: Handlers): Router {
  const router = express.Router();
  for (const name of Object.keys(contract) as RouteName[]) {
    const def = contract[name];
    const method = def.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    router[method](def.path, async (req, res) => {
      if ('rawBody' in def && def.rawBody) {
        // The one kind of route whose body is a file's bytes: streamed to the handler as they come.
        if (!req.is('application/octet-stream')) {
          throw new AppError('unsupported_media_type', 'Send the file itself as the body', 'Content-Type: application/octet-stream');
        }
        const query = def.query ? (def.query as import('zod').ZodType).safeParse(req.query) : undefined;
        if (query && !query.success) throw AppError.fromZod(query.error, 'query');
        const length = Number(req.get('content-length'));
        const upload = {
          chunks: req,
          header: (name: string) => req.get(name),
          ...(Number.isFinite(length) ? { declaredLength: length } : {}),
        };
        const handler = handlers[name] as (input: unknown) => unknown;
        res.json(await handler({ params: req.params, query: query?.data, body: upload }));
        return;
      }
      if ('body' in def && def.body && !req.is('application/json')) {
        throw new AppError('unsupported_media_type', 'Send the body as JSON', 'Content-Type: application/json');
      }
      const body = 'body' in def && def.body ? def.body.safeParse(req.body) : undefined;
      if (body && !body.success) throw AppError.fromZod(body.error);
      const query = 'query' in def && def.query ? (def.query as import('zod').ZodType).safeParse(req.query) : undefined;
      if (query && !query.success) throw AppError.fromZod(query.error, 'query');
      const handler = handlers[name] as (input: unknown) => unknown;
      const result = await handler({ params: req.params, query: query?.data, body: body?.data });
      res.status('status' in def && def.status ? def.status : 200).json(result);
    });
  }
  return router;
}
