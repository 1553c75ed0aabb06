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
