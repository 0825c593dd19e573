/**
 * A recording stand-in for the `electron` module, for loading the built main and preload bundles in
 * plain Node (the Electron binary cannot be installed here). It implements only what TokenDesk calls
 * and records every call, so the smoke test can assert what the real bundle did. It is deliberately
 * dumb: no behaviour of its own that a test could end up checking instead of the app.
 */
import { EventEmitter } from 'node:events';

export type Handler = (...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  static #nextId = 1;
  readonly id = FakeWebContents.#nextId++;
  windowOpenHandler: Handler | null = null;
  readonly sent: { channel: string; payload: unknown }[] = [];
  reloads = 0;

  reload(): void {
    this.reloads += 1;
  }
  setWindowOpenHandler(handler: Handler): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return false;
  }
}

export type WindowOptions = { webPreferences?: Record<string, unknown> } & Record<string, unknown>;

export function createFakeElectron(paths: { userData: string; appPath: string }) {
  const calls: string[] = [];
  const windows: FakeBrowserWindow[] = [];

  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    loadedUrl: string | null = null;
    shown = false;
    constructor(readonly options: WindowOptions) {
      super();
      windows.push(this);
      calls.push('new BrowserWindow');
    }
    static getAllWindows(): FakeBrowserWindow[] {
      return [...windows];
    }
    loadURL(url: string): Promise<void> {
      this.loadedUrl = url;
      return Promise.resolve();
    }
    show(): void {
      this.shown = true;
    }
    isDestroyed(): boolean {
      return false;
    }
    isMinimized(): boolean {
      return false;
    }
    restore(): void {}
    focus(): void {}
  }

  class FakeApp extends EventEmitter {
    isPackaged = true;
    enableSandbox(): void {
      calls.push('enableSandbox');
    }
    requestSingleInstanceLock(): boolean {
      calls.push('requestSingleInstanceLock');
      return true;
    }
    whenReady(): Promise<void> {
      calls.push('whenReady');
      return Promise.resolve();
    }
    getPath(name: string): string {
      if (name !== 'userData') throw new Error(`fake app.getPath(${name}) not supported`);
      return paths.userData;
    }
    getAppPath(): string {
      return paths.appPath;
    }
    getVersion(): string {
      return '0.1.0';
    }
    getName(): string {
      return 'TokenDesk';
    }
    /** Like Electron: quitting emits before-quit, which a listener may prevent. */
    quit(): void {
      calls.push('quit');
      let prevented = false;
      this.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) calls.push('quit:done');
    }
    exit(code: number): void {
      calls.push(`exit:${code}`);
    }
  }

  class FakeIpcMain extends EventEmitter {
    /** Every channel anyone ever listened on with `ipcMain.on`, even if the listener was removed. */
    readonly everListenedOn: (string | symbol)[] = [];
    constructor() {
      super();
      this.on('newListener', (name: string | symbol) => this.everListenedOn.push(name));
    }
    readonly handlers = new Map<string, Handler>();
    readonly handleCounts = new Map<string, number>();
    handle(channel: string, handler: Handler): void {
      this.handlers.set(channel, handler);
      this.handleCounts.set(channel, (this.handleCounts.get(channel) ?? 0) + 1);
    }
    removeHandler(channel: string): void {
      this.handlers.delete(channel);
    }
  }

  const session = {
    permissionRequestHandler: null as Handler | null,
    permissionCheckHandler: null as Handler | null,
    devicePermissionHandler: null as Handler | null,
    headersReceived: null as Handler | null,
    setPermissionRequestHandler(handler: Handler) {
      session.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: Handler) {
      session.permissionCheckHandler = handler;
    },
    setDevicePermissionHandler(handler: Handler) {
      session.devicePermissionHandler = handler;
    },
    webRequest: {
      onHeadersReceived(...args: unknown[]) {
        session.headersReceived = args.at(-1) as Handler;
      },
    },
  };

  /** Reversible but not plaintext, so a credential written through it is visibly transformed. */
  const scramble = (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ 0x5a));
  const safeStorage = {
    encryptCalls: 0,
    decryptCalls: 0,
    isAsyncEncryptionAvailable: () => Promise.resolve(true),
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptStringAsync(plain: string): Promise<Buffer> {
      safeStorage.encryptCalls += 1;
      return Promise.resolve(Buffer.concat([Buffer.from('v11'), scramble(Buffer.from(plain, 'utf8'))]));
    },
    decryptStringAsync(data: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
      safeStorage.decryptCalls += 1;
      if (data.subarray(0, 3).toString() !== 'v11') return Promise.reject(new Error('not ours'));
      return Promise.resolve({ result: scramble(data.subarray(3)).toString('utf8'), shouldReEncrypt: false });
    },
  };

  /** Electron 45's ClipboardItem: the MIME types (and raw formats) it was built with. */
  class FakeClipboardItem {
    readonly types: string[];
    constructor(readonly data: Record<string, unknown>) {
      this.types = Object.keys(data);
    }
  }
  /** Electron 45's async clipboard over one current item; every write is recorded. */
  const clipboard = {
    current: null as FakeClipboardItem | null,
    written: [] as FakeClipboardItem[],
    readText(): Promise<string> {
      const text = clipboard.current?.data['text/plain'];
      return Promise.resolve(typeof text === 'string' ? text : '');
    },
    writeText(text: string): Promise<void> {
      clipboard.current = new FakeClipboardItem({ 'text/plain': text });
      clipboard.written.push(clipboard.current);
      return Promise.resolve();
    },
    write(items: FakeClipboardItem[]): Promise<void> {
      clipboard.current = items[0] ?? null;
      clipboard.written.push(...items);
      return Promise.resolve();
    },
    clear(): void {
      calls.push('clipboard.clear');
      clipboard.current = null;
    },
  };

  /** Electron's `protocol` (default session): privileged schemes and the handlers registered. */
  const protocol = {
    privileged: [] as unknown[],
    handlers: new Map<string, (request: Request) => Promise<Response>>(),
    registerSchemesAsPrivileged(schemes: unknown[]): void {
      calls.push('protocol.registerSchemesAsPrivileged');
      protocol.privileged.push(...schemes);
    },
    handle(scheme: string, handler: (request: Request) => Promise<Response>): void {
      calls.push(`protocol.handle:${scheme}`);
      protocol.handlers.set(scheme, handler);
    },
  };

  /** Electron's nativeTheme: main sets `themeSource` from the Theme setting; every value it was given. */
  const nativeTheme = {
    sources: [] as string[],
    shouldUseDarkColors: false,
    set themeSource(source: string) {
      nativeTheme.sources.push(source);
    },
    get themeSource(): string {
      return nativeTheme.sources.at(-1) ?? 'system';
    },
  };

  /** powerMonitor: a test emits 'lock-screen' or 'suspend' and sets the idle time. */
  const powerMonitor = Object.assign(new EventEmitter(), {
    idleSeconds: 0,
    getSystemIdleTime: () => powerMonitor.idleSeconds,
  });
  /** The application menu main set, as the template it was built from. */
  const Menu = {
    template: null as unknown[] | null,
    buildFromTemplate: (template: unknown[]) => ({ template }),
    setApplicationMenu: (menu: { template: unknown[] } | null) => {
      Menu.template = menu?.template ?? null;
    },
  };
  class FakeNotification {
    static isSupported = () => false;
    show(): void {}
  }

  const opened: string[] = [];
  const electron = {
    powerMonitor,
    Menu,
    Notification: FakeNotification,
    systemPreferences: { canPromptTouchID: () => false, promptTouchID: () => Promise.reject(new Error('no Touch ID')) },
    dialog: { showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }) },
    nativeTheme,
    protocol,
    clipboard,
    ClipboardItem: FakeClipboardItem,
    app: new FakeApp(),
    BrowserWindow: FakeBrowserWindow,
    ipcMain: new FakeIpcMain(),
    session: { defaultSession: session },
    safeStorage,
    shell: { openExternal: (url: string) => (opened.push(url), Promise.resolve()) },
  };
  return { electron, calls, windows, opened };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
export type FakeWindow = FakeElectron['windows'][number];

/** The preload's half of Electron: records what it exposes and what it sends. */
export function createFakePreloadElectron() {
  const exposed = new Map<string, unknown>();
  const invoked: { channel: string; args: unknown[] }[] = [];
  const ipcRenderer = new (class extends EventEmitter {
    invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      invoked.push({ channel, args });
      return Promise.resolve({ ok: true, value: `answer:${channel}` });
    }
  })();
  const electron = {
    contextBridge: { exposeInMainWorld: (name: string, api: unknown) => exposed.set(name, api) },
    ipcRenderer,
  };
  return { electron, exposed, invoked, ipcRenderer };
}
