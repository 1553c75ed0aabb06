/** "1 phone", "3 phones": counts in words a technician reads, never "1 phones". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
