/**
 * Each vendor's firmware keys, pointing at the device listener's /fw/<key>/ URL, as golden files
 * (test/golden/firmware/). Held against:
 *   Yealink      wazo-provd-plugins plugins/wazo_yealink/v86/templates/base.tpl (static.firmware.url)
 *   Poly         wazo-provd-plugins plugins/wazo_polycom/v5_9_2/var/tftpboot/000000000000.cfg (APP_FILE_PATH)
 *   Grandstream  FusionPBX resources/templates/provision/grandstream/gxp2135/{$mac}.xml (named items provisioning.firmware.*: P212, P192, P232, P233, P238)
 *   Snom         wazo-provd-plugins plugins/wazo_snom/common/templates/common/snom-model.xml.tpl.btpl,
 *                snom-model-firmware.xml.tpl.btpl, var/tftpboot/snom-general.xml (firmware_status, update_policy)
 *   Fanvil       wazo-provd-plugins plugins/wazo_fanvil/common/templates/base-new.tpl (AUTOUPDATE_CONFIG_MODULE)
 * and, through the renderers, that each phone's own files carry them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderCfg } from '../../../shared/config/cfgSyntax';
import type { FirmwareInput } from '../../../shared/config/provisioningInput';
import type { Mac } from '../../../shared/mac';
import { el, renderXml } from '../../../shared/xml/xml';
import { vendorById, VENDORS } from '../../../shared/vendors/registry';
import { yealinkFirmwareLines } from '../../../shared/vendors/yealink/firmware';
import { polyAppFilePath } from '../../../shared/vendors/poly/firmware';
import { grandstreamFirmwareItems } from '../../../shared/vendors/grandstream/firmware';
import { snomFirmwareSettings } from '../../../shared/vendors/snom/firmware';
import { fanvilFirmwareModule } from '../../../shared/vendors/fanvil/firmware';
import { assertGolden } from '../../support/golden';
import { inputOf } from './fixtures';

const KEY = '0123456789abcdef0123456789abcdef';
const firmware = (fileName: string, version: string): FirmwareInput => ({
  url: `http://192.0.2.10:8080/fw/${KEY}/${fileName}`,
  folderUrl: `http://192.0.2.10:8080/fw/${KEY}`,
  statusUrl: `http://192.0.2.10:8080/fw/${KEY}/firmware-status.xml`,
  fileName,
  version,
  size: 1000,
  sha256: KEY.repeat(2),
});
const FIRMWARE = {
  yealink: firmware('T46U_T43U_T46U_T41U_T48U_T42U_T44U_T44W_-108.86.0.90.rom', '108.86.0.90'),
  poly: firmware('sip.ld', '5.9.7.4477'),
  grandstream: firmware('gxp2135fw.bin', '1.0.11.79'),
  snom: firmware('snomD785-10.1.184.15-SIP-r.bin', '10.1.184.15'),
  fanvil: firmware('x5upro-fanvil-release-ff01-6907-2.12.22.2-krnlvUT2025-04-16-20.32.45.z', '2.12.22.2'),
} as const;

function withFirmware(id: keyof typeof FIRMWARE) {
  return inputOf(id, [], { firmwareUrl: undefined, firmware: FIRMWARE[id] });
}

const fragments: Record<keyof typeof FIRMWARE, () => string> = {
  yealink: () => renderCfg(yealinkFirmwareLines(withFirmware('yealink'))),
  poly: () => renderXml(el('APPLICATION', { APP_FILE_PATH: polyAppFilePath(withFirmware('poly')) })),
  grandstream: () =>
    renderXml(
      el(
        'config',
        {},
        grandstreamFirmwareItems(withFirmware('grandstream')).map(([name, value]) => el('item', { name }, [value])),
      ),
    ),
  snom: () => renderXml(el('phone-settings', {}, snomFirmwareSettings(withFirmware('snom')))),
  fanvil: () => renderXml(el('sysConf', {}, fanvilFirmwareModule(withFirmware('fanvil')))),
};

for (const id of Object.keys(FIRMWARE) as (keyof typeof FIRMWARE)[]) {
  test(`${id}: firmware keys point at the file's /fw/ URL (golden)`, () => {
    const text = fragments[id]();
    assertGolden(`firmware/${id}.txt`, text);
    assert.ok(text.includes(`/fw/${KEY}`), 'the URL is the file key on the device listener');
  });
}

test("every vendor's files carry the firmware keys when the phone's model has a target, and none without", () => {
  const marker: Record<string, string> = {
    yealink: 'static.firmware.url',
    poly: 'APP_FILE_PATH="http://192.0.2.10:8080/fw/',
    grandstream: '<item name="provisioning.firmware.serverPath">192.0.2.10:8080/fw/',
    snom: '<firmware_status perm="R">http://192.0.2.10:8080/fw/',
    fanvil: '<Auto_Image_URL>http://192.0.2.10:8080/fw/',
  };
  for (const plugin of VENDORS) {
    const id = plugin.id as keyof typeof FIRMWARE;
    const render = (input: ReturnType<typeof inputOf>) => {
      const mac = input.phone.mac as Mac;
      return plugin
        .servedFiles(mac, input.phone.model)
        .map((name) => vendorById(plugin.id).fileFor(name, mac)?.render(input) ?? '')
        .join('\n');
    };
    assert.ok(render(withFirmware(id)).includes(marker[id] as string), `${id} files name the firmware`);
    assert.ok(!render(inputOf(id, [], { firmwareUrl: undefined })).includes('/fw/'), `${id} files name no firmware without a target`);
  }
});
