/**
 * Every test file of every project starts with the system clock at TEST_NOW (test/clock.ts), so a test never
 * depends on the day it runs. The clock runs on through the file; a test that needs another moment sets it.
 */
import { setTestClock, TEST_NOW } from "./clock";

setTestClock(TEST_NOW);
