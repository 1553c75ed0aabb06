/**
 * Firmware file-name recognition on real names. Where each name was seen:
 *   W  = wazo-platform/wazo-provd-plugins (path given per group)
 *   F  = fusionpbx/fusionpbx
 *   PF = Poly's FAQ "What files does my phone download or upload and why?" (community.poly.com)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recogniseFirmwareName } from '../../../shared/firmware/fileName';

type Case = [name: string, vendor: string | undefined, models: string[], version: string];

const YEALINK: Case[] = [
  // W plugins/wazo_yealink/v86/entry.py (MODEL_FIRMWARE_MAPPING / COMMON_FILES)
  [
    'T46U(T43U,T46U,T41U,T48U,T42U,T44U,T44W)-108.86.0.90.rom',
    'yealink',
    ['T46U', 'T43U', 'T41U', 'T48U', 'T42U', 'T44U', 'T44W'],
    '108.86.0.90',
  ],
  [
    'T54W(T57W,T53W,T53,T53C,T54,T57)-96.86.0.45(20211130).rom',
    'yealink',
    ['T54W', 'T57W', 'T53W', 'T53', 'T53C', 'T54', 'T57'],
    '96.86.0.45',
  ],
  ['T27G-69.86.0.15.rom', 'yealink', ['T27G'], '69.86.0.15'],
  ['CP920-78.86.0.15.rom', 'yealink', ['CP920'], '78.86.0.15'],
  ['T31(T30,T30P,T31G,T31P,T33P,T33G)-124.86.0.75.rom', 'yealink', ['T31', 'T30', 'T30P', 'T31G', 'T31P', 'T33P', 'T33G'], '124.86.0.75'],
  ['W56H-61.85.0.20.rom', 'yealink', ['W56H'], '61.85.0.20'],
  ['T4S-ddphone-66.85.0.56.rom', 'yealink', ['T4S'], '66.85.0.56'],
  // The bare form the issue names; its family (108) is the T4xU list of the same entry.py.
  ['108.86.0.20.rom', 'yealink', ['T46U', 'T43U', 'T41U', 'T48U', 'T42U', 'T44U', 'T44W'], '108.86.0.20'],
];

const POLY: Case[] = [
  // W plugins/wazo_polycom/v5_9_2/var/tftpboot/000000000000.cfg: APP_FILE_PATH="sip.ld"
  ['sip.ld', 'poly', [], ''],
  // W plugins/wazo_polycom/v3_1_6/var/tftpboot/000000000000.cfg: APP_FILE_PATH="sip_316.ld"
  ['sip_316.ld', 'poly', [], '3.1.6'],
  // F resources/templates/provision/polycom/650/{$mac}.cfg: sip_212.ld, sip_313.ld
  ['sip_313.ld', 'poly', [], '3.1.3'],
  // PF: the SoundPoint IP 650's split download, named by part number
  ['2345-12600-001.sip.ld', 'poly', ['SoundPoint IP 650'], ''],
];

const GRANDSTREAM: Case[] = [
  // F resources/templates/provision/grandstream/README.md: mydomain.com/firmware/gxp2140/1.0.9.69/gxp2140fw.bin
  ['gxp2140fw.bin', 'grandstream', ['GXP2140'], ''],
];

const SNOM: Case[] = [
  // W plugins/wazo_snom/v10_1_184_15/pkgs/pkgs.db
  ['snomD785-10.1.184.15-SIP-r.bin', 'snom', ['D785'], '10.1.184.15'],
  ['snom715-10.1.184.15-SIP-r.bin', 'snom', ['715'], '10.1.184.15'],
  ['snomD315-ramdisk-chained-update-r.bin', 'snom', ['D315'], ''],
  // W plugins/wazo_snom/v8_7_5_35/pkgs/pkgs.db
  ['snom370-8.7.5.35-SIP-f.bin', 'snom', ['370'], '8.7.5.35'],
];

const FANVIL: Case[] = [
  // W plugins/wazo_fanvil/serie_x/entry.py
  ['x210pro-fanvil-release-6959-2.12.20-krnvlT2024-07-16-04.32.33.z', 'fanvil', ['X210-Pro', 'X210', 'X210-V2'], '2.12.20'],
  ['x5upro-fanvil-release-ff01-6907-2.12.22.2-krnlvUT2025-04-16-20.32.45.z', 'fanvil', ['X5U-Pro', 'X5U', 'X5U-V2'], '2.12.22.2'],
  ['x210-6924-P0.18.23.89-2.4.5.2-3594T2022-07-29-09.44.03.z', 'fanvil', ['X210'], 'P0.18.23.89-2.4.5.2'],
  ['x5s-6900-P0.16.5-1.12.2-3144T2019-07-23-14.20.37.z', 'fanvil', ['X5S'], 'P0.16.5-1.12.2'],
  // serie_x pkgs.db: X2 2.14.0.7386, X3 1.4.0.2090, X3S 2.10.2.6887
  ['x22.14.0.7386T20210730165954.z', 'fanvil', ['X2'], '2.14.0.7386'],
  ['x31.4.0.2090T20180403152509.z', 'fanvil', ['X3'], '1.4.0.2090'],
  ['x3s2.10.2.6887T20191115101938.z', 'fanvil', ['X3S'], '2.10.2.6887'],
  // W plugins/wazo_fanvil/serie_i/entry.py and serie_h/entry.py
  ['I10S-fanvil-3921-full-V0.2.2-2.12.44.6-1864-D0.29.0-T2023-09-08-12.12.40.z', 'fanvil', ['I10S'], '2.12.44.6'],
  ['i51w-fanvil-release-4900-2.12.44.10-krnvlT2023-10-16-16.58.43.z', 'fanvil', ['I51W'], '2.12.44.10'],
  ['h2u-v2-fanvil-release-ff01-5946-2.12.20.2-krnlvUT2025-02-14-14.27.56.z', 'fanvil', ['H2U-V2'], '2.12.20.2'],
  // W serie_x entry.py: a recovery image the rules do not read: vendor only, the rest is asked
  ['x3sg-5913-RECOVERY-P0.18.23.1.23-2.4.12-1164T2021-11-10-01.17.49.z', 'fanvil', [], ''],
];

for (const [group, cases] of Object.entries({ YEALINK, POLY, GRANDSTREAM, SNOM, FANVIL })) {
  test(`${group}: vendor, models and version from real file names`, () => {
    for (const [name, vendor, models, version] of cases) {
      const got = recogniseFirmwareName(name);
      assert.equal(got.vendor, vendor, name);
      assert.deepEqual(got.models, models, name);
      assert.equal(got.version, version, name);
    }
  });
}

test('what a name does not tell is listed as missing, in the order to ask', () => {
  assert.deepEqual(recogniseFirmwareName('gxp2140fw.bin').missing, ['version']);
  assert.deepEqual(recogniseFirmwareName('sip.ld').missing, ['models', 'version']);
  assert.deepEqual(recogniseFirmwareName('update.img').missing, ['vendor', 'models', 'version']);
  assert.deepEqual(recogniseFirmwareName('T27G-69.86.0.15.rom').missing, []);
});

test('names of other files are not taken for firmware of a vendor', () => {
  for (const name of ['000000000000.cfg', 'readme.txt', 'firmware.bin', 'x.rom.txt']) {
    assert.equal(recogniseFirmwareName(name).vendor, undefined, name);
  }
});
