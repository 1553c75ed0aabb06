/** The content types vendor files are served with, and one maker of ServedFile records per type. */
import type { ServedFile } from './types';

export const CONTENT_CFG = 'text/plain; charset=utf-8';
export const CONTENT_XML = 'application/xml; charset=utf-8';

export type FileMaker = (
  name: string,
  role: ServedFile['role'],
  provides: ServedFile['provides'],
  secret: boolean,
  render: ServedFile['render'],
) => ServedFile;

/** `file(name, role, provides, secret, render)` for files of one content type. */
export function fileMaker(contentType: string): FileMaker {
  return (name, role, provides, secret, render) => ({ name, role, provides, secret, contentType, render });
}
