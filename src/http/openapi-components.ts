import { z } from 'zod';
import { orderSchema, paymentSchema, refundSchema } from '../views/orders.js';
import { errorSchema, paymentErrorSchema } from './errors.js';
import { errorExample, orderExample, paymentErrorExample, paymentExample, refundExample } from './openapi-examples.js';

const COMPONENTS: Array<[z.ZodType, string, unknown]> = [
  [errorSchema, 'Error', errorExample],
  [paymentErrorSchema, 'PaymentError', paymentErrorExample],
  [orderSchema, 'Order', orderExample],
  [paymentSchema, 'Payment', paymentExample],
  [refundSchema, 'Refund', refundExample],
];

/**
 * Shapes that several operations share become `#/components/schemas/<id>`, so that a generated client has one named
 * type for each instead of a copy per route. Kept in zod's global registry, where fastify-type-provider-zod looks.
 */
export function registerComponents(): void {
  for (const [schema, id, example] of COMPONENTS) {
    const meta = z.globalRegistry.get(schema);
    if (meta?.id !== id) z.globalRegistry.add(schema, { ...meta, id, examples: [example] });
  }
}
