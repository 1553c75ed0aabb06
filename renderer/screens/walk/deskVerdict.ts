/** Sends the technician's verdict on a phone's desk to the backend. */
import type { DeskOutcome } from '../../../shared/pbx/ring';
import { api } from '../../api/api';
import { toUserError, type UserError } from '../../api/errors';
import { usePhones } from '../../stores/phones';

export async function sendVerdict(mac: string, outcome: DeskOutcome, note?: string): Promise<UserError | undefined> {
  try {
    const view = await api().deskCheck({ params: { mac }, body: { outcome, ...(note && note.trim() ? { note: note.trim() } : {}) } });
    usePhones.getState().upsert([view]);
    return undefined;
  } catch (e) {
    return toUserError(e);
  }
}
