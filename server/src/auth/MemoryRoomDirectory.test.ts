import { MemoryRoomDirectory } from './MemoryRoomDirectory.js';
import { roomDirectoryContract } from './roomDirectoryContract.js';

roomDirectoryContract(() => new MemoryRoomDirectory());
