-- The order-history queries as the API sends them (EF Core's shape: tenant filter, optional filters,
-- newest first with the (created_at, number) keyset, line count), run with EXPLAIN ANALYZE on the
-- synthetic 1,000,000-order account. :customer, :sku, :cost_center, :requester are psql variables.
\timing on
\echo '--- first page, no filter'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT o.id, o.number, o.status, o.customer_reference, o.requester_id, o.currency, o.total,
       (SELECT count(*)::int FROM order_lines AS l WHERE o.id = l.order_id) AS line_count, o.created_at
FROM orders AS o
WHERE o.customer_id = :'customer'
ORDER BY o.created_at DESC, o.number DESC
LIMIT 51;

\echo '--- status = shipped'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT o.id, o.number, o.created_at FROM orders AS o
WHERE o.customer_id = :'customer' AND o.status = ANY (ARRAY['shipped'])
ORDER BY o.created_at DESC, o.number DESC LIMIT 51;

\echo '--- one month (from/to)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT o.id, o.number, o.created_at FROM orders AS o
WHERE o.customer_id = :'customer' AND o.created_at >= now() - interval '120 days' AND o.created_at < now() - interval '90 days'
ORDER BY o.created_at DESC, o.number DESC LIMIT 51;

\echo '--- sku'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT o.id, o.number, o.created_at FROM orders AS o
WHERE o.customer_id = :'customer' AND EXISTS (SELECT 1 FROM order_lines AS l WHERE l.order_id = o.id AND l.sku = :'sku')
ORDER BY o.created_at DESC, o.number DESC LIMIT 51;

\echo '--- cost center'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT o.id, o.number, o.created_at FROM orders AS o
WHERE o.customer_id = :'customer' AND EXISTS (SELECT 1 FROM order_lines AS l WHERE l.order_id = o.id AND l.cost_center_id = :'cost_center')
ORDER BY o.created_at DESC, o.number DESC LIMIT 51;

\echo '--- requester'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT o.id, o.number, o.created_at FROM orders AS o
WHERE o.customer_id = :'customer' AND o.requester_id = :'requester'
ORDER BY o.created_at DESC, o.number DESC LIMIT 51;

\echo '--- q = customer reference fragment'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT o.id, o.number, o.created_at FROM orders AS o
WHERE o.customer_id = :'customer' AND (o.number = 'PO-0777777' OR o.customer_reference LIKE '%PO-0777777%' ESCAPE '\')
ORDER BY o.created_at DESC, o.number DESC LIMIT 51;

\echo '--- combined: status + sku + requester, one quarter'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT o.id, o.number, o.created_at FROM orders AS o
WHERE o.customer_id = :'customer' AND o.status = ANY (ARRAY['delivered']) AND o.requester_id = :'requester'
  AND o.created_at >= now() - interval '180 days' AND o.created_at < now() - interval '90 days'
  AND EXISTS (SELECT 1 FROM order_lines AS l WHERE l.order_id = o.id AND l.sku = :'sku')
ORDER BY o.created_at DESC, o.number DESC LIMIT 51;

\echo '--- sku / cost center, as the service runs them: one batch of the newest matching lines'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT l.order_id, l.order_created_at FROM order_lines AS l
WHERE l.customer_id = :'customer' AND l.sku = :'sku'
ORDER BY l.order_created_at DESC LIMIT 1000;
