import { describeConversationSuite } from './conversation.suite.js';

describeConversationSuite('in-process');
