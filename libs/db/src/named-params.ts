/**
 * Turns `:name` placeholders into `$1, $2, …` with the values in order, so a query assembled from
 * fixed fragments binds exactly the parameters it uses (PostgreSQL refuses unused ones). Values are
 * always bound, never spliced into the text. `::type` casts are left alone.
 */
export function bindNamed(sql: string, values: Record<string, unknown>): { text: string; params: unknown[] } {
  const order: string[] = [];
  const text = sql.replace(/(?<!:):([a-zA-Z][a-zA-Z0-9]*)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`query parameter :${name} has no value`);
    let index = order.indexOf(name);
    if (index < 0) index = order.push(name) - 1;
    return `$${index + 1}`;
  });
  return { text, params: order.map((name) => values[name]) };
}
