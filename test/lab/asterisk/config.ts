/**
 * The config tree a lab Asterisk runs with: everything written under one private directory inside
 * the chroot, AMI bound to loopback only, PJSIP to loopback or to the address a test gives (a netns
 * lab's bridge, never a real interface), and just the modules registration and AMI need.
 * The endpoints come from the app's own PJSIP export renderer, so the export is what gets tested.
 */
import { renderPjsipAccounts, type PjsipAccount } from '../../../shared/pbx/pjsipConfig';
import type { DigestAlgorithm } from '../../../shared/sip/digest';
import { renderDeskCheckDialplan } from '../../../shared/pbx/deskCheckDialplan';
import { MODULE_DIR } from './chroot';

export interface LabConfigInput {
  /** Path of the private tree as Asterisk sees it (inside the chroot), e.g. /opt/dp-lab/abc. */
  root: string;
  sipPort: number;
  /** Address the PJSIP UDP transport binds to (loopback unless a netns lab needs its bridge's). */
  sipBindHost?: string;
  amiPort: number;
  amiUser: string;
  amiSecret: string;
  endpoints: readonly PjsipAccount[];
  algorithms?: readonly DigestAlgorithm[];
  qualifyFrequency?: number;
  /** More AMI users, each with its own rights (a test of what a user without `write = system` gets). */
  extraAmiUsers?: readonly { user: string; secret: string; read: string; write: string }[];
}

export const LAB_MODULES = [
  'res_sorcery_config.so',
  'res_sorcery_memory.so',
  'res_sorcery_astdb.so',
  'res_pjproject.so',
  'res_pjsip.so',
  'res_pjsip_session.so',
  'res_pjsip_authenticator_digest.so',
  'res_pjsip_endpoint_identifier_user.so',
  'res_pjsip_registrar.so',
  'res_pjsip_options.so',
  'res_pjsip_pubsub.so',
  'res_pjsip_notify.so',
  'chan_pjsip.so',
  'res_rtp_asterisk.so',
  'pbx_config.so',
  'codec_ulaw.so',
  // The desk check (shared/pbx/deskCheckDialplan.ts): calls, sounds and a test call's Dial.
  'res_pjsip_sdp_rtp.so',
  'res_pjsip_caller_id.so',
  'app_dial.so',
  'app_playback.so',
  'format_gsm.so',
  'codec_gsm.so',
  'func_callerid.so',
  'bridge_simple.so',
  'bridge_native_rtp.so',
];

/** File name (relative to etc/) -> text. */
export function labConfigFiles(input: LabConfigInput): Record<string, string> {
  const r = input.root;
  return {
    'asterisk.conf': [
      '[directories]',
      `astetcdir => ${r}/etc`,
      `astmoddir => ${MODULE_DIR}`,
      `astvarlibdir => ${r}/lib`,
      `astdbdir => ${r}/lib`,
      `astkeydir => ${r}/lib`,
      'astdatadir => /usr/share/asterisk',
      `astagidir => ${r}/lib/agi-bin`,
      `astspooldir => ${r}/spool`,
      `astrundir => ${r}/run`,
      `astlogdir => ${r}/log`,
      `astsbindir => /usr/sbin`,
      '',
      '[options]',
      'verbose = 0',
      'debug = 0',
      'maxfiles = 8192',
      'hideconnect = yes',
      '',
    ].join('\n'),
    'modules.conf': ['[modules]', 'autoload = no', ...LAB_MODULES.map((m) => `load => ${m}`), ''].join('\n'),
    'logger.conf': ['[general]', '[logfiles]', 'messages.log => notice,warning,error', ''].join('\n'),
    'manager.conf': [
      '[general]',
      'enabled = yes',
      `port = ${input.amiPort}`,
      'bindaddr = 127.0.0.1',
      'displayconnects = no',
      '',
      `[${input.amiUser}]`,
      `secret = ${input.amiSecret}`,
      'deny = 0.0.0.0/0.0.0.0',
      'permit = 127.0.0.1/255.255.255.255',
      // `user` too: a test sends a UserEvent the app's link must not ask for (its event classes).
      'read = system,call,command,reporting,security,config,user',
      'write = system,call,command,reporting,originate,config,user',
      '',
      ...(input.extraAmiUsers ?? []).flatMap((u) => [
        `[${u.user}]`,
        `secret = ${u.secret}`,
        'deny = 0.0.0.0/0.0.0.0',
        'permit = 127.0.0.1/255.255.255.255',
        `read = ${u.read}`,
        `write = ${u.write}`,
        '',
      ]),
    ].join('\n'),
    'pjsip.conf': [
      '[global]',
      'type = global',
      'user_agent = Asterisk (deskphone lab)',
      '',
      '[transport-udp]',
      'type = transport',
      'protocol = udp',
      `bind = ${input.sipBindHost ?? '127.0.0.1'}:${input.sipPort}`,
      '',
      renderPjsipAccounts(input.endpoints, {
        context: 'from-internal',
        qualifyFrequency: input.qualifyFrequency ?? 60,
        ...(input.algorithms ? { algorithms: input.algorithms } : {}),
      }),
    ].join('\n'),
    'pjsip_notify.conf': '',
    'extensions.conf': ['[general]', '[from-internal]', 'exten => _X.,1,Hangup()', '', renderDeskCheckDialplan()].join('\n'),
    'rtp.conf': ['[general]', 'rtpstart = 30000', 'rtpend = 30999', ''].join('\n'),
  };
}
