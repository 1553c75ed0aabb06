/**
 * What a device's web page tells about it: phones' embedded web servers name their maker in the
 * Server header, the login realm or the page title, often with the model, sometimes the firmware.
 */
import { parseUserAgent, type DeviceFacts } from './userAgent';

export interface HttpAnswer {
  status: number;
  server?: string;
  /** The WWW-Authenticate header of a 401. */
  authenticate?: string;
  /** The start of the body (a few KB is plenty). */
  body?: string;
}

const VENDORS: readonly [RegExp, string][] = [
  [/\byealink\b/i, 'Yealink'],
  [/\bpolycom\b|\bpoly\b/i, 'Poly'],
  [/\bgrandstream\b/i, 'Grandstream'],
  [/\bsnom\b/i, 'Snom'],
  [/\bfanvil\b/i, 'Fanvil'],
  [/\bhtek\b/i, 'Htek'],
  [/\bobihai\b|\bobi\d{3,4}\b/i, 'Obihai'],
  [/\b(aastra|mitel)\b/i, 'Mitel'],
  [/\bgigaset\b/i, 'Gigaset'],
];

const MODEL_AFTER_VENDOR =
  /\b(?:yealink|polycom|poly|grandstream|snom|fanvil|htek|mitel|aastra|gigaset)\s+(?:SIP[- ]?)?(?:IP\s+phone\s+)?((?:VVX|CCX|Trio|SoundPoint|GXP|GRP|GXV|WP|T|W|CP|SIP-T|D|M|X|UC|VP|MP|CP)[ _-]?\d+[A-Za-z0-9-]*)/i;
const FIRMWARE = /\b(?:firmware|software|fw)(?:\s+version)?\s*[:=]?\s*(?:<[^>]*>\s*)*v?(\d+(?:\.\d+){2,})/i;

export function pageTitle(body: string): string {
  const m = /<title[^>]*>([^<]{0,200})<\/title>/i.exec(body);
  return m ? (m[1] as string).replace(/\s+/g, ' ').trim() : '';
}

/** Facts from one HTTP answer, or null when nothing in it names a phone maker. */
export function fingerprintHttp(answer: HttpAnswer): (DeviceFacts & { title: string }) | null {
  const body = (answer.body ?? '').slice(0, 32_768);
  const title = pageTitle(body);
  const server = (answer.server ?? '').slice(0, 256);
  const realm = (answer.authenticate ?? '').slice(0, 256);

  const fromServer = server ? parseUserAgent(server) : null;
  if (fromServer && fromServer.model) return { ...fromServer, title };

  const haystacks = [server, realm, title, body];
  let vendor = fromServer?.vendor ?? '';
  if (!vendor) {
    outer: for (const text of haystacks) {
      for (const [pattern, name] of VENDORS) {
        if (pattern.test(text)) {
          vendor = name;
          break outer;
        }
      }
    }
  }
  if (!vendor) return null;
  let model = '';
  for (const text of [title, realm, body]) {
    const m = MODEL_AFTER_VENDOR.exec(text);
    if (m) {
      model = (m[1] as string).replace(/^SIP-/i, '').replace(/_/g, ' ');
      break;
    }
  }
  const fw = FIRMWARE.exec(body);
  return { vendor, model: model.slice(0, 64), firmware: fw ? (fw[1] as string) : '', title };
}
