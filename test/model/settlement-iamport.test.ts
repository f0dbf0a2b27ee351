import t from 'tap';
import { runHistories } from './histories.js';

// i'mport V1: its payments by imp_uid, several per order, refunds carried out at once (MODEL_RUNS overrides the count)
runHistories(t, 'iamport', 250);
