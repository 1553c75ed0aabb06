/** The admin API's handlers: thin, each one call into a use case. */
import type { Context } from '../context';
import * as accounts from '../usecases/accounts';
import * as approval from '../usecases/approval';
import * as audit from '../usecases/audit';
import * as deskCheck from '../usecases/deskCheck';
import * as discovery from '../usecases/discovery';
import * as firmware from '../usecases/firmware';
import { listDevices } from '../usecases/inventory';
import * as pbx from '../usecases/pbx';
import * as phones from '../usecases/phones';
import * as reprovision from '../usecases/reprovision';
import * as rules from '../usecases/rules';
import * as settings from '../usecases/settings';
import * as templates from '../usecases/templates';
import { importAssignments } from '../usecases/importAssignments';
import { timelineOf } from '../usecases/timeline';
import { serverInfo } from '../usecases/info';
import type { Handlers } from './mount';

export function adminHandlers(ctx: Context): Handlers {
  return {
    info: () => serverInfo(ctx),
    listPhones: () => phones.listPhones(ctx),
    getPhone: ({ params }) => phones.viewPhone(ctx, phones.requirePhone(ctx, params.mac)),
    createPhone: ({ body }) => phones.createPhone(ctx, body),
    updatePhone: ({ params, body }) => phones.updatePhone(ctx, params.mac, body),
    deletePhone: ({ params }) => phones.deletePhones(ctx, [params.mac]),
    assignLines: ({ params, body }) => phones.assignLines(ctx, params.mac, body),
    setButtons: ({ params, body }) => phones.setButtons(ctx, params.mac, body),
    timeline: ({ params }) => timelineOf(ctx, params.mac),
    bulkPhones: ({ body }) =>
      body.action.kind === 'delete' ? phones.deletePhones(ctx, body.macs) : phones.patchPhones(ctx, body.macs, body.action.patch),
    undo: ({ params }) => phones.undo(ctx, params.undoId),
    reopenPhone: ({ params }) => audit.reopen(ctx, params.mac),
    approveCaller: ({ params }) => approval.approveCaller(ctx, params.mac),
    rejectCaller: ({ params }) => approval.rejectCaller(ctx, params.mac),
    auditLog: ({ query }) => audit.listAudit(ctx, query),
    auditExport: ({ query }) => audit.exportAudit(ctx, query),
    lockouts: () => audit.listLockouts(ctx),
    clearLockouts: () => audit.clearLockouts(ctx),
    deviceCertificate: () => audit.deviceCertificate(ctx),
    listAccounts: () => accounts.listAccounts(ctx),
    createAccount: ({ body }) => accounts.createAccount(ctx, body),
    updateAccount: ({ params, body }) => accounts.updateAccount(ctx, params.id, body),
    deleteAccount: ({ params }) => accounts.deleteAccount(ctx, params.id),
    revealPassword: ({ params }) => accounts.revealPassword(ctx, params.id),
    importAssignments: ({ body }) => importAssignments(ctx, body),
    listRules: () => rules.listRules(ctx),
    createRule: ({ body }) => rules.createRule(ctx, body),
    updateRule: ({ params, body }) => rules.updateRule(ctx, params.id, body),
    deleteRule: ({ params }) => rules.deleteRule(ctx, params.id),
    orderRules: ({ body }) => rules.orderRules(ctx, body.ids),
    listTemplates: () => templates.listTemplates(ctx),
    createTemplate: ({ body }) => templates.createTemplate(ctx, body),
    updateTemplate: ({ params, body }) => templates.updateTemplate(ctx, params.id, body),
    deleteTemplate: ({ params }) => templates.deleteTemplate(ctx, params.id),
    applyTemplate: ({ params, body }) => templates.applyTemplate(ctx, params.id, body.macs, body.mode),
    inventory: () => listDevices(ctx),
    discoveryInterfaces: () => discovery.listInterfaces(ctx),
    startSweep: ({ body }) => discovery.startSweep(ctx, body),
    sweepStatus: () => discovery.sweepStatus(ctx),
    cancelSweep: () => discovery.cancelSweep(ctx),
    pnpStatus: () => discovery.pnpStatus(ctx),
    getSettings: () => settings.getSettings(ctx),
    updateSettings: ({ body }) => settings.updateSettings(ctx, body),
    generatePhonePasswords: ({ body }) => settings.generatePhonePasswords(ctx, body),
    revealPhonePasswords: ({ body }) => settings.revealPhonePasswords(ctx, body.site),
    pbxRegistrations: () => pbx.registrations(ctx),
    pbxTest: ({ body }) => pbx.testPbxConnection(ctx, body),
    pbxEndpoints: () => pbx.listPbxEndpoints(ctx),
    pbxImport: ({ body }) => pbx.importPbxEndpoints(ctx, body.names),
    pbxExportPjsip: ({ body }) => pbx.exportPjsipConfig(ctx, body),
    reprovisionPhone: ({ params, query }) => reprovision.reprovisionPhone(ctx, params.mac, reprovision.reprovisionOptions(query)),
    reprovisionPhones: ({ body }) => reprovision.reprovisionPhones(ctx, body),
    listReprovisions: () => reprovision.listReprovisions(ctx),
    uploadFirmware: ({ body, query }) => firmware.addFirmware(ctx, body, query),
    listFirmware: () => firmware.listFirmware(ctx),
    deleteFirmware: ({ params }) => firmware.deleteFirmware(ctx, params.id),
    setFirmwareTargets: ({ body }) => firmware.setTargets(ctx, body),
    listFirmwareTargets: () => firmware.listTargets(ctx),
    ringPhone: ({ params, body }) => deskCheck.ringPhone(ctx, params.mac, body),
    deskCheck: ({ params, body }) => deskCheck.recordDeskCheck(ctx, params.mac, body),
    testCall: ({ params, body }) => deskCheck.testCall(ctx, params.mac, body),
  };
}
