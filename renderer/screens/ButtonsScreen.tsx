export default function ButtonsScreen() {
  return <section className="screen"><h1>Buttons</h1></section>;
}
