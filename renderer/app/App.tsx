/** The shell: left navigation, a status bar, the current screen, toasts and the confirm dialog. */
import { plural } from '../lib/plural';
import { lazy, Suspense, useEffect } from 'react';
import { ConfirmHost } from '../components/Confirm';
import { Toasts } from '../components/Feedback';
import { FaultBanner } from '../components/FaultBanner';
import { usePhones } from '../stores/phones';
import { useStream } from '../stores/sync';
import { routeFromHash, useUi, type Route } from '../stores/ui';
import { PhonesScreen } from '../screens/PhonesScreen';
import { LiveBoardScreen } from '../screens/LiveBoardScreen';
import { WalkHost } from '../screens/walk/WalkMode';

const DiscoverScreen = lazy(() => import('../screens/DiscoverScreen'));
const AccountsScreen = lazy(() => import('../screens/AccountsScreen'));
const ButtonsScreen = lazy(() => import('../screens/ButtonsScreen'));
const SettingsScreen = lazy(() => import('../screens/SettingsScreen'));
const SecurityScreen = lazy(() => import('../screens/SecurityScreen'));
const ReportScreen = lazy(() => import('../screens/ReportScreen'));
const FirmwareScreen = lazy(() => import('../screens/firmware/FirmwareScreen'));

const NAV: { route: Route; label: string; key: string }[] = [
  { route: 'discover', label: 'Discover', key: '1' },
  { route: 'phones', label: 'Phones', key: '2' },
  { route: 'live', label: 'Live board', key: '3' },
  { route: 'accounts', label: 'Accounts', key: '4' },
  { route: 'buttons', label: 'Buttons & templates', key: '5' },
  { route: 'settings', label: 'Settings', key: '6' },
  { route: 'security', label: 'Security', key: '7' },
  { route: 'report', label: 'Report', key: '8' },
  { route: 'firmware', label: 'Firmware', key: '9' },
];

function StreamBadge() {
  const status = useStream((s) => s.status);
  const text =
    status === 'open' ? 'Live' : status === 'unauthorized' ? 'Not signed in' : status === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  return (
    <span className={`badge badge-${status}`} role="status" data-testid="stream-status" data-status={status}>
      <span aria-hidden="true">{status === 'open' ? '●' : '○'}</span> {text}
    </span>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route) {
    case 'phones':
      return <PhonesScreen />;
    case 'live':
      return <LiveBoardScreen />;
    case 'discover':
      return <DiscoverScreen />;
    case 'accounts':
      return <AccountsScreen />;
    case 'buttons':
      return <ButtonsScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'security':
      return <SecurityScreen />;
    case 'report':
      return <ReportScreen />;
    case 'firmware':
      return <FirmwareScreen />;
  }
}

export function App() {
  const route = useUi((s) => s.route);
  const setRoute = useUi((s) => s.setRoute);
  const count = usePhones((s) => s.list.length);
  const status = useStream((s) => s.status);

  useEffect(() => {
    const onHash = () => setRoute(routeFromHash(window.location.hash));
    const onKey = (e: KeyboardEvent) => {
      // Alt+1..8 jumps between screens.
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const item = NAV.find((n) => n.key === e.key);
      if (item) {
        e.preventDefault();
        setRoute(item.route);
      }
    };
    window.addEventListener('hashchange', onHash);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('keydown', onKey);
    };
  }, [setRoute]);

  useEffect(() => {
    document.title = `${NAV.find((n) => n.route === route)?.label ?? ''} · Deskphone Provisioner`;
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [route]);

  return (
    <div className="shell">
      <a
        href="#main"
        className="skip"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <nav className="nav" aria-label="Screens">
        <div className="brand">
          Deskphone
          <br />
          Provisioner
        </div>
        <ul>
          {NAV.map((n) => (
            <li key={n.route}>
              <a
                href={`#/${n.route}`}
                aria-current={route === n.route ? 'page' : undefined}
                aria-keyshortcuts={`Alt+${n.key}`}
                data-nav={n.route}
                onClick={(e) => {
                  e.preventDefault();
                  setRoute(n.route);
                }}
              >
                {n.label}
              </a>
            </li>
          ))}
        </ul>
        <div className="nav-foot">
          <StreamBadge />
          <div className="muted">{plural(count, 'phone')}</div>
        </div>
      </nav>
      <main id="main" className="main" tabIndex={-1} data-route={route}>
        <FaultBanner />
        {status === 'unauthorized' ? (
          <NoConnection message="The app's backend refused this page's access token. Open the link the app printed when it started, or restart it." />
        ) : (
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <Screen route={route} />
          </Suspense>
        )}
      </main>
      <Toasts />
      <ConfirmHost />
      <WalkHost />
    </div>
  );
}

export function NoConnection({ message }: { message: string }) {
  return (
    <div className="no-connection" role="alert">
      <h1>Cannot reach the app</h1>
      <p>{message}</p>
    </div>
  );
}
