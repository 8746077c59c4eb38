// Entry of the doctor's bundle (dist/chunks/doctorChunk.js): its commands and checks, required on the
// first Doctor command or a panel's "Run Doctor" only.
export { DoctorCommands } from '../doctor/doctorCommands';
