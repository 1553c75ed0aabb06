/**
 * An Asterisk Manager Interface client over node:net, written for this app: connect and log in
 * with a clear error for each way that can fail (wrong host, port, user or secret, a peer that is
 * not Asterisk), actions matched to their response by ActionID, event lists collected up to their
 * `...Complete` event, a time limit on everything, and events passed to listeners.
 */
import { connect, type Socket } from 'node:net';
import {
  AmiProtocolError,
  AmiStreamParser,
  field,
  isListComplete,
  isResponse,
  serializeAction,
  type ActionFields,
  type AmiBlock,
} from '../../../shared/ami/message';

/**
 * The event classes the app listens to: `system` (ContactStatus, FullyBooted), `security`
 * (challenges, refused and accepted digests) and `call` (the desk check's Newstate, DialEnd,
 * Hangup, OriginateResponse). Not `reporting` (TestEvent, RTCP), `dialplan` (Newexten, VarSet),
 * `user`, `cdr` and the rest: each registration and each call would send them over the link for
 * nothing.
 */
export const EVENT_CLASSES = 'system,call,security';

export type AmiErrorKind = 'dns' | 'refused' | 'unreachable' | 'timeout' | 'not_ami' | 'auth' | 'closed' | 'action_failed' | 'protocol';

export class AmiError extends Error {
  constructor(
    readonly kind: AmiErrorKind,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export interface AmiConnectOptions {
  host: string;
  port: number;
  user: string;
  secret: string;
  connectTimeoutMs?: number;
  actionTimeoutMs?: number;
}

interface PendingAction {
  resolve: (value: { response: AmiBlock; events: AmiBlock[] }) => void;
  reject: (error: Error) => void;
  list: boolean;
  response?: AmiBlock;
  events: AmiBlock[];
  timer: NodeJS.Timeout;
  /** Responses whose Message matches are an empty list rather than an error ("No Contacts found"). */
  emptyOn?: RegExp;
}

function connectError(error: NodeJS.ErrnoException, host: string, port: number): AmiError {
  switch (error.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new AmiError(
        'dns',
        `The PBX host name "${host}" does not resolve`,
        'Check the PBX host in the settings (an IP address avoids DNS).',
      );
    case 'ECONNREFUSED':
      return new AmiError(
        'refused',
        `Nothing accepts connections on ${host}:${port} (connection refused)`,
        'Check the AMI port (usually 5038) and that manager.conf has enabled = yes and a bindaddr this machine can reach.',
      );
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new AmiError(
        'unreachable',
        `${host} cannot be reached from this machine (${error.code})`,
        'Check the network path and the PBX host.',
      );
    default:
      return new AmiError(
        'unreachable',
        `Could not connect to ${host}:${port} (${error.code ?? error.message})`,
        'Check the PBX host and AMI port.',
      );
  }
}

export class AmiClient {
  private readonly parser = new AmiStreamParser();
  private readonly pending = new Map<string, PendingAction>();
  private readonly listeners = new Set<(event: AmiBlock) => void>();
  private readonly closeListeners = new Set<(error: AmiError) => void>();
  private nextId = 1;
  private closedWith: AmiError | undefined;
  version = '';

  private constructor(
    private readonly socket: Socket,
    private readonly options: AmiConnectOptions,
  ) {}

  /** Connects, checks the greeting and logs in. Rejects with an AmiError saying what failed. */
  static connect(options: AmiConnectOptions): Promise<AmiClient> {
    const { host, port } = options;
    const timeoutMs = options.connectTimeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 15_000);
      const client = new AmiClient(socket, options);
      let stage: 'tcp' | 'greeting' | 'login' | 'done' = 'tcp';
      const fail = (error: AmiError) => {
        if (stage === 'done') return;
        stage = 'done';
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };
      const timer = setTimeout(() => {
        const what =
          stage === 'tcp'
            ? new AmiError(
                'timeout',
                `No answer from ${host}:${port} within ${timeoutMs / 1000} s`,
                'Check the PBX host, the AMI port and any firewall in between.',
              )
            : stage === 'greeting'
              ? new AmiError(
                  'not_ami',
                  `${host}:${port} accepted the connection but did not greet as Asterisk AMI`,
                  'Is this the AMI port (usually 5038)?',
                )
              : new AmiError('timeout', `The PBX did not answer the login within ${timeoutMs / 1000} s`);
        fail(what);
      }, timeoutMs);
      socket.once('connect', () => {
        stage = 'greeting';
      });
      socket.on('error', (error: NodeJS.ErrnoException) => {
        if (stage !== 'done')
          fail(
            stage === 'tcp'
              ? connectError(error, host, port)
              : new AmiError('closed', `The PBX closed the connection (${error.code ?? error.message})`),
          );
        else client.shutdown(new AmiError('closed', `The connection to the PBX failed (${error.code ?? error.message})`));
      });
      socket.on('close', () => {
        if (stage !== 'done') {
          fail(
            stage === 'login'
              ? new AmiError(
                  'auth',
                  `The PBX closed the connection during login of "${options.user}"`,
                  'Check the AMI user and secret in manager.conf.',
                )
              : new AmiError(
                  'not_ami',
                  `${host}:${port} closed the connection without greeting as Asterisk AMI`,
                  'Is this the AMI port (usually 5038)?',
                ),
          );
        } else client.shutdown(new AmiError('closed', 'The PBX closed the AMI connection'));
      });
      socket.on('data', (chunk) => {
        let frames;
        try {
          frames = client.parser.push(chunk.toString('utf8'));
        } catch (error) {
          const e = new AmiError(
            stage === 'greeting' ? 'not_ami' : 'protocol',
            (error as Error).message,
            'Is this the AMI port (usually 5038)?',
          );
          if (stage !== 'done') fail(e);
          else client.shutdown(e);
          return;
        }
        for (const frame of frames) {
          if (frame.type === 'greeting') {
            client.version = frame.version;
            stage = 'login';
            client
              .action('Login', { Username: options.user, Secret: options.secret, Events: EVENT_CLASSES }, timeoutMs)
              .then(() => {
                if (stage === 'done') return;
                stage = 'done';
                clearTimeout(timer);
                resolve(client);
              })
              .catch((error: AmiError) => {
                fail(
                  error.kind === 'action_failed'
                    ? new AmiError(
                        'auth',
                        `The PBX refused the login of AMI user "${options.user}" (${error.message})`,
                        'Check the AMI user name and secret against manager.conf, and its permit/deny lines.',
                      )
                    : error,
                );
              });
          } else client.dispatch(frame.block);
        }
      });
    });
  }

  private dispatch(block: AmiBlock): void {
    const id = field(block, 'ActionID');
    const pending = id !== undefined ? this.pending.get(id) : undefined;
    if (pending) {
      if (isResponse(block) && !pending.response) {
        pending.response = block;
        const ok = field(block, 'Response')?.toLowerCase() !== 'error';
        const message = field(block, 'Message') ?? '';
        if (!ok && pending.list && pending.emptyOn?.test(message)) return this.settle(id as string, { response: block, events: [] });
        if (!ok) return this.settle(id as string, new AmiError('action_failed', message || 'the PBX answered Error'));
        const startsList = field(block, 'EventList')?.toLowerCase() === 'start';
        if (!pending.list || !startsList) return this.settle(id as string, { response: block, events: [] });
        return;
      }
      if (pending.list && !isResponse(block)) {
        if (isListComplete(block)) return this.settle(id as string, { response: pending.response ?? block, events: pending.events });
        pending.events.push(block);
        return;
      }
    }
    if (!isResponse(block)) for (const listener of this.listeners) listener(block);
  }

  private settle(id: string, outcome: { response: AmiBlock; events: AmiBlock[] } | AmiError): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    if (outcome instanceof AmiError) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  private send(name: string, fields: ActionFields, list: boolean, timeoutMs?: number, emptyOn?: RegExp) {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const id = `dp-${this.nextId++}`;
    let text: string;
    try {
      text = serializeAction(name, id, fields);
    } catch (error) {
      return Promise.reject(new AmiError('protocol', (error as AmiProtocolError).message));
    }
    const limit = timeoutMs ?? this.options.actionTimeoutMs ?? 10_000;
    return new Promise<{ response: AmiBlock; events: AmiBlock[] }>((resolve, reject) => {
      const timer = setTimeout(
        () => this.settle(id, new AmiError('timeout', `The PBX did not answer ${name} within ${limit / 1000} s`)),
        limit,
      );
      this.pending.set(id, { resolve, reject, list, events: [], timer, ...(emptyOn ? { emptyOn } : {}) });
      this.socket.write(text);
    });
  }

  /** One action; resolves with its response block, rejects with AmiError('action_failed') on Error. */
  async action(name: string, fields: ActionFields = {}, timeoutMs?: number): Promise<AmiBlock> {
    return (await this.send(name, fields, false, timeoutMs)).response;
  }

  /**
   * An action answered by an event list: resolves with every event up to the `...Complete` one.
   * `emptyOn` names Error messages that mean "nothing to list" (PJSIPShowContacts says
   * "No Contacts found").
   */
  async actionList(name: string, fields: ActionFields = {}, options: { timeoutMs?: number; emptyOn?: RegExp } = {}): Promise<AmiBlock[]> {
    return (await this.send(name, fields, true, options.timeoutMs, options.emptyOn)).events;
  }

  onEvent(listener: (event: AmiBlock) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onClose(listener: (error: AmiError) => void): () => void {
    if (this.closedWith) {
      listener(this.closedWith);
      return () => undefined;
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  private shutdown(error: AmiError): void {
    if (this.closedWith) return;
    this.closedWith = error;
    this.socket.destroy();
    for (const id of [...this.pending.keys()]) this.settle(id, error);
    for (const listener of this.closeListeners) listener(error);
    this.closeListeners.clear();
    this.listeners.clear();
  }

  /** Logs off (briefly waiting for the answer) and closes. */
  async close(): Promise<void> {
    if (this.closedWith) return;
    await this.action('Logoff', {}, 1000).catch(() => undefined);
    this.shutdown(new AmiError('closed', 'closed by this app'));
  }
}
