/**
 * The admin API contract: one list of routes, typed end to end. The backend mounts handlers from
 * it (electron/backend/admin/mount.ts) and the renderer's client is generated from it.
 */
import { z } from 'zod';
import { accountInputSchema, accountPatchSchema } from '../domain/account';
import { buttonListSchema } from '../domain/button';
import { deviceSchema } from '../domain/inventory';
import { lineAssignmentSchema, phoneInputSchema, phonePatchSchema } from '../domain/phone';
import { redirectRuleInputSchema, redirectRuleSchema } from '../domain/redirect';
import { settingsPatchSchema, settingsViewSchema } from '../domain/settings';
import { stepEventSchema } from '../flow/steps';
import { keyTemplateInputSchema, keyTemplateSchema, TEMPLATE_MODES } from '../domain/template';
import {
  pbxEndpointSchema,
  pbxImportInputSchema,
  pbxImportResultSchema,
  pbxTestInputSchema,
  pbxTestResultSchema,
  pjsipExportInputSchema,
  pjsipExportResultSchema,
  registrationsViewSchema,
} from '../pbx/views';
import { reprovisionBulkInputSchema, reprovisionBulkResultSchema, reprovisionQuerySchema, reprovisionViewSchema } from '../pbx/reprovision';
import { lanInterfaceSchema, pnpStatusSchema, sweepRequestSchema, sweepStatusSchema } from '../discovery/sweepStatus';
import { auditEntrySchema, auditQuerySchema } from '../security/audit';
import { auditExportSchema, deviceCertificateViewSchema, lockoutViewSchema } from '../security/views';
import { importPlanSchema, importResultSchema } from '../csv/importPlan';
import { firmwareEntrySchema, firmwareTargetListSchema, firmwareUploadQuerySchema } from '../firmware/library';
import { deskCheckInputSchema, ringInputSchema, ringStartedSchema, testCallInputSchema } from '../pbx/ring';
import { route } from './routes';
import { accountViewSchema, okSchema, phoneViewSchema, serverInfoSchema, undoableSchema } from './views';

const macList = z.array(z.string()).min(1, 'select at least one phone').max(10000);

export const bulkActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('delete') }),
  z.object({ kind: z.literal('patch'), patch: phonePatchSchema }),
]);

export const contract = {
  info: route({ method: 'GET', path: '/api/v1/info', response: serverInfoSchema }),

  listPhones: route({ method: 'GET', path: '/api/v1/phones', response: z.array(phoneViewSchema) }),
  getPhone: route({ method: 'GET', path: '/api/v1/phones/:mac', response: phoneViewSchema }),
  createPhone: route({ method: 'POST', path: '/api/v1/phones', body: phoneInputSchema, response: phoneViewSchema }),
  updatePhone: route({ method: 'PATCH', path: '/api/v1/phones/:mac', body: phonePatchSchema, response: phoneViewSchema }),
  deletePhone: route({ method: 'DELETE', path: '/api/v1/phones/:mac', response: undoableSchema }),
  assignLines: route({
    method: 'PUT',
    path: '/api/v1/phones/:mac/lines',
    body: z.array(lineAssignmentSchema).max(16),
    response: phoneViewSchema,
  }),
  setButtons: route({ method: 'PUT', path: '/api/v1/phones/:mac/buttons', body: buttonListSchema, response: phoneViewSchema }),
  timeline: route({ method: 'GET', path: '/api/v1/phones/:mac/timeline', response: z.array(stepEventSchema) }),
  bulkPhones: route({
    method: 'POST',
    path: '/api/v1/phones/bulk',
    body: z.object({ macs: macList, action: bulkActionSchema }),
    response: undoableSchema,
  }),
  undo: route({ method: 'POST', path: '/api/v1/undo/:undoId', response: okSchema }),

  /** Lets a phone locked after registering fetch its secret files again (until it registers again). */
  reopenPhone: route({ method: 'POST', path: '/api/v1/phones/:mac/reopen', response: phoneViewSchema }),
  /** The device listener's audit log, newest first, filtered. */
  auditLog: route({ method: 'GET', path: '/api/v1/security/audit', query: auditQuerySchema, response: z.array(auditEntrySchema) }),
  /** Everything still on disk as CSV (no tokens or passwords are ever logged). */
  auditExport: route({
    method: 'GET',
    path: '/api/v1/security/audit/export',
    query: auditQuerySchema.omit({ limit: true }),
    response: auditExportSchema,
  }),
  lockouts: route({ method: 'GET', path: '/api/v1/security/lockouts', response: z.array(lockoutViewSchema) }),
  clearLockouts: route({ method: 'DELETE', path: '/api/v1/security/lockouts', response: okSchema }),
  /** The HTTPS certificate phones and the PBX can be told to trust (PEM, no key). */
  deviceCertificate: route({ method: 'GET', path: '/api/v1/security/certificate', response: deviceCertificateViewSchema }),

  listAccounts: route({ method: 'GET', path: '/api/v1/accounts', response: z.array(accountViewSchema) }),
  createAccount: route({ method: 'POST', path: '/api/v1/accounts', body: accountInputSchema, response: accountViewSchema }),
  updateAccount: route({
    method: 'PATCH',
    path: '/api/v1/accounts/:id',
    body: accountPatchSchema,
    response: accountViewSchema,
  }),
  deleteAccount: route({ method: 'DELETE', path: '/api/v1/accounts/:id', response: undoableSchema }),
  /** The one place a SIP password leaves the backend: the technician asked to see it. */
  revealPassword: route({
    method: 'POST',
    path: '/api/v1/accounts/:id/reveal',
    response: z.object({ password: z.string() }),
  }),

  /** Applies a previewed CSV import (shared/csv/importPlan.ts) all at once, undoably. */
  importAssignments: route({ method: 'POST', path: '/api/v1/import/assignments', body: importPlanSchema, response: importResultSchema }),

  listRules: route({ method: 'GET', path: '/api/v1/redirect-rules', response: z.array(redirectRuleSchema) }),
  createRule: route({ method: 'POST', path: '/api/v1/redirect-rules', body: redirectRuleInputSchema, response: redirectRuleSchema }),
  updateRule: route({
    method: 'PUT',
    path: '/api/v1/redirect-rules/:id',
    body: redirectRuleInputSchema,
    response: redirectRuleSchema,
  }),
  deleteRule: route({ method: 'DELETE', path: '/api/v1/redirect-rules/:id', response: undoableSchema }),
  orderRules: route({
    method: 'PUT',
    path: '/api/v1/redirect-rules',
    body: z.object({ ids: z.array(z.string()) }),
    response: z.array(redirectRuleSchema),
  }),

  listTemplates: route({ method: 'GET', path: '/api/v1/templates', response: z.array(keyTemplateSchema) }),
  createTemplate: route({ method: 'POST', path: '/api/v1/templates', body: keyTemplateInputSchema, response: keyTemplateSchema }),
  updateTemplate: route({ method: 'PUT', path: '/api/v1/templates/:id', body: keyTemplateInputSchema, response: keyTemplateSchema }),
  deleteTemplate: route({ method: 'DELETE', path: '/api/v1/templates/:id', response: undoableSchema }),
  /** Puts a template's keys on many phones: `replace` their layout, or `merge` (template keys win). */
  applyTemplate: route({
    method: 'POST',
    path: '/api/v1/templates/:id/apply',
    body: z.object({ macs: macList, mode: z.enum(TEMPLATE_MODES).default('replace') }),
    response: undoableSchema,
  }),

  inventory: route({ method: 'GET', path: '/api/v1/inventory', response: z.array(deviceSchema) }),
  /** The machine's interfaces with their subnets; one may be marked as looking like the phones' LAN (never picked). */
  discoveryInterfaces: route({ method: 'GET', path: '/api/v1/discovery/interfaces', response: z.array(lanInterfaceSchema) }),
  /** Starts a sweep of the picked interface's subnet (or a CIDR inside it); progress comes as `sweep` events. */
  startSweep: route({ method: 'POST', path: '/api/v1/discovery/sweep', body: sweepRequestSchema, response: sweepStatusSchema }),
  sweepStatus: route({ method: 'GET', path: '/api/v1/discovery/sweep', response: sweepStatusSchema }),
  cancelSweep: route({ method: 'DELETE', path: '/api/v1/discovery/sweep', response: sweepStatusSchema }),
  pnpStatus: route({ method: 'GET', path: '/api/v1/discovery/pnp', response: pnpStatusSchema }),

  /** The AMI secret and digest passwords come back as '' with a flag saying each is set (docs/API.md). */
  getSettings: route({ method: 'GET', path: '/api/v1/settings', response: settingsViewSchema }),
  /** A blank secret keeps the saved one; a new one replaces it. */
  updateSettings: route({ method: 'PATCH', path: '/api/v1/settings', body: settingsPatchSchema, response: settingsViewSchema }),

  /** The PBX link and which accounts have a registered contact, live from AMI. */
  pbxRegistrations: route({ method: 'GET', path: '/api/v1/pbx/registrations', response: registrationsViewSchema }),
  /** Tries the saved AMI settings (or the ones given) and says exactly where it failed. */
  pbxTest: route({ method: 'POST', path: '/api/v1/pbx/test', body: pbxTestInputSchema, response: pbxTestResultSchema }),
  pbxEndpoints: route({ method: 'GET', path: '/api/v1/pbx/endpoints', response: z.array(pbxEndpointSchema) }),
  pbxImport: route({ method: 'POST', path: '/api/v1/pbx/import', body: pbxImportInputSchema, response: pbxImportResultSchema }),
  pbxExportPjsip: route({
    method: 'POST',
    path: '/api/v1/pbx/export-pjsip',
    body: pjsipExportInputSchema,
    response: pjsipExportResultSchema,
  }),
  /**
   * Asks a registered phone to re-fetch its files: opens its lock for its own address until it
   * fetched (or the window passed), sends its vendor's NOTIFY through the PBX, and follows it
   * (`reprovision` events). 409 not registered, 502 the PBX refused or the link dropped, 503 no PBX.
   */
  reprovisionPhone: route({
    method: 'POST',
    path: '/api/v1/phones/:mac/reprovision',
    query: reprovisionQuerySchema,
    response: reprovisionViewSchema,
  }),
  /** The same for a selection: one result per phone, each with its own error. */
  reprovisionPhones: route({
    method: 'POST',
    path: '/api/v1/phones/reprovision',
    body: reprovisionBulkInputSchema,
    response: reprovisionBulkResultSchema,
  }),
  /** The last re-provision of each phone asked for since the app started, as the events showed them. */
  listReprovisions: route({ method: 'GET', path: '/api/v1/reprovisions', response: z.array(reprovisionViewSchema) }),
  /** A phone added without a serial: lets the device waiting for approval have it (its serial goes on record). */
  approveCaller: route({ method: 'POST', path: '/api/v1/phones/:mac/approve', response: phoneViewSchema }),
  /** A phone added without a serial: refuses the device waiting for approval, now and when it asks again. */
  rejectCaller: route({ method: 'POST', path: '/api/v1/phones/:mac/reject', response: phoneViewSchema }),

  /** Adds a firmware file: the raw bytes as the body, `X-File-Name`, and what the name cannot tell in the query. */
  uploadFirmware: route({
    method: 'POST',
    path: '/api/v1/firmware',
    query: firmwareUploadQuerySchema,
    rawBody: true,
    response: firmwareEntrySchema,
  }),
  listFirmware: route({ method: 'GET', path: '/api/v1/firmware', response: z.array(firmwareEntrySchema) }),
  /** Removes a file and the targets naming it, undoably. */
  deleteFirmware: route({ method: 'DELETE', path: '/api/v1/firmware/:id', response: undoableSchema }),
  /** Replaces the targets: per vendor and model (and site), the firmware its phones should run. */
  setFirmwareTargets: route({
    method: 'PUT',
    path: '/api/v1/firmware/targets',
    body: firmwareTargetListSchema,
    response: firmwareTargetListSchema,
  }),
  listFirmwareTargets: route({ method: 'GET', path: '/api/v1/firmware/targets', response: firmwareTargetListSchema }),
  /** Asterisk calls the phone (AMI Originate) and says its extension and label; the outcome comes as `ring` events. */
  ringPhone: route({
    method: 'POST',
    path: '/api/v1/phones/:mac/ring',
    body: ringInputSchema,
    response: ringStartedSchema,
    status: 202,
  }),
  /** The technician's verdict after a ring: it answered at its desk, or it is at the wrong desk (with a note). */
  deskCheck: route({ method: 'POST', path: '/api/v1/phones/:mac/desk-check', body: deskCheckInputSchema, response: phoneViewSchema }),
  /** This phone calls another through the PBX; `test-call` events say when both are up and how long the call lasted. */
  testCall: route({
    method: 'POST',
    path: '/api/v1/phones/:mac/test-call',
    body: testCallInputSchema,
    response: ringStartedSchema,
    status: 202,
  }),
  /** New random web passwords for a site's phones ('' = the default site); they come back only as "set" flags. */
  generatePhonePasswords: route({
    method: 'POST',
    path: '/api/v1/settings/phones/passwords',
    body: z.object({ site: z.string().max(64).default(''), which: z.enum(['admin', 'user', 'both']).default('both') }),
    response: settingsViewSchema,
  }),
  /** The one place the phones' web passwords leave the backend: the technician asked to see them. */
  revealPhonePasswords: route({
    method: 'POST',
    path: '/api/v1/settings/phones/passwords/reveal',
    body: z.object({ site: z.string().max(64).default('') }),
    response: z.object({ adminPassword: z.string(), userPassword: z.string() }),
  }),
} as const;

export type Contract = typeof contract;
export type RouteName = keyof Contract;

/** The server-sent event stream at this path carries `ServerEvent`s (shared/api/events.ts). */
export const EVENTS_PATH = '/api/v1/events';
