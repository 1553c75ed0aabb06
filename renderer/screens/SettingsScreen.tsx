export default function SettingsScreen() {
  return <section className="screen"><h1>Settings</h1></section>;
}
