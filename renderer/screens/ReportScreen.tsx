export default function ReportScreen() {
  return <section className="screen"><h1>Report</h1></section>;
}
