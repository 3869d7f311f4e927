import { z } from 'zod';

export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path, with {name} parameters. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Whether a personal access token is needed, accepted or not used. */
  auth: 'required' | 'optional' | 'none';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  /** Other media types the same operation can answer with, e.g. text/csv. */
  alsoAs?: string[];
  successStatus?: number;
}

/**
 * Every JSON endpoint registers itself here, with the zod schema its responses are sent through,
 * so the OpenAPI document cannot drift from what is actually served.
 */
export class ApiDocs {
  readonly operations: ApiOperation[] = [];

  add(operation: ApiOperation) {
    this.operations.push(operation);
  }

  document(info: { title: string; url: string }) {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const op of this.operations) {
      const parameters: unknown[] = [];
      for (const [where, schema] of [
        ['path', op.params],
        ['query', op.query],
      ] as const) {
        if (!schema) continue;
        for (const [name, field] of Object.entries(schema.shape)) {
          const json = z.toJSONSchema(field as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
          parameters.push({
            name,
            in: where,
            required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
            description: json.description,
            schema: json,
          });
        }
      }
      const content: Record<string, unknown> = {
        'application/json': { schema: z.toJSONSchema(op.response, { io: 'output', unrepresentable: 'any' }) },
      };
      for (const type of op.alsoAs ?? []) content[type] = { schema: { type: 'string' } };
      const responses: Record<string, unknown> = {
        [String(op.successStatus ?? 200)]: { description: 'Success', content },
      };
      if (op.auth === 'required') responses['401'] = { description: 'A valid personal access token is needed.' };
      if (op.body) responses['400'] = { description: 'The request body is not valid; `errors` says why, per field.' };
      (paths[op.path] ??= {})[op.method] = {
        summary: op.summary,
        ...(op.description ? { description: op.description } : {}),
        tags: [op.tag],
        parameters,
        ...(op.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: z.toJSONSchema(op.body, { io: 'input', unrepresentable: 'any' }) } },
              },
            }
          : {}),
        ...(op.auth !== 'none' ? { security: op.auth === 'required' ? [{ token: [] }] : [{ token: [] }, {}] } : {}),
        responses,
      };
    }
    return {
      openapi: '3.1.0',
      info: {
        title: `${info.title} API`,
        version: '1',
        description:
          'Every public list and object of this hub as data. Send a personal access token (created in Settings → API tokens) as `Authorization: Bearer <token>` to act as yourself.',
      },
      servers: [{ url: info.url }],
      components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' } } },
      paths,
    };
  }
}
