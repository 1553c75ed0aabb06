export default function DiscoverScreen() {
  return <section className="screen"><h1>Discover</h1></section>;
}
