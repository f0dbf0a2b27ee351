import t from 'tap';
import { runHistories } from './histories.js';

// PortOne V2: the order's payment by its paymentId, its attempts one of which can succeed, cancels carried out later
// (MODEL_RUNS overrides the count)
runHistories(t, 'portone', 350);
