/**
 * Child process for the kill test: opens the store in DIR and commits accounts one after another
 * (several in flight at once), printing `ack N` only after the store said N is durable.
 */
import { Store } from '../../electron/backend/store/store';

const dir = process.argv[2] as string;
const start = Number(process.argv[3] ?? 0);
const store = await Store.open(dir, { compactAfter: 50 });
let n = start;
const writer = async () => {
  for (;;) {
    const i = n++;
    await store.commit([
      {
        op: 'putAccount',
        account: {
          id: `w-${i}`,
          source: 'manual',
          label: '',
          displayName: '',
          userName: `u${i}`,
          password: 'p',
          serverHost: 'h',
          serverPort: 5060,
          transport: 'udp',
          expires: 3600,
          voicemail: '',
        },
      },
    ]);
    process.stdout.write(`ack ${i}\n`);
  }
};
process.stdout.write('ready\n');
await Promise.all([writer(), writer(), writer(), writer()]);
