export default function AccountsScreen() {
  return <section className="screen"><h1>Accounts</h1></section>;
}
