/**
 * The device-facing RPS protocol (docs/PROTOCOL.md). Simple enough for phone firmware: a GET with
 * query parameters or a POST of a form or JSON, answered with JSON, or with the bare URL as
 * text/plain when the device asks for `Accept: text/plain`.
 */
import { z } from 'zod';
import { macSchema } from '../domain/phone';

export const RPS_PATH = '/rps/v1/lookup';

const field = (max: number) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .regex(/^[\x20-\x7e]*$/, 'printable ASCII only');

export const rpsRequestSchema = z.object({
  mac: macSchema,
  serial: field(64).min(1, 'the serial number is required'),
  model: field(64).optional(),
  firmware: field(64).optional(),
  vendor: field(32).optional(),
});
export type RpsRequest = z.output<typeof rpsRequestSchema>;

export const rpsRedirectSchema = z.object({
  status: z.literal('redirect'),
  /** Where to fetch the BootFile from: the provisioning server's base URL for this device. */
  provisioningUrl: z.string(),
  /** The BootFile's name under provisioningUrl, when the target is this app. */
  bootFile: z.string().optional(),
});
export type RpsRedirect = z.infer<typeof rpsRedirectSchema>;
