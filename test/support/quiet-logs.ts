import { Logger } from '@nestjs/common';

// Library code logs every poll; tests keep their output readable unless STANCEWATCH_TEST_LOGS is set.
if (!process.env.STANCEWATCH_TEST_LOGS) Logger.overrideLogger(['error']);
