// The messaging app's Socket.IO client code (shared/systems/messaging-app.md, "Usage"), run with the official
// socket.io-client against Tidings by MessagingAppSocketIoIT. Only the URL changed: the server's origin and, for a
// WAR under a context path, the engine path. Each mode prints what it sees, one line each.
import { io } from "socket.io-client";

const [mode, base, ...args] = process.argv.slice(2);
const url = new URL(base);
const server = url.origin;
// SIO_TRANSPORTS: unset, ["websocket"]; "default", the client's own (polling, then the upgrade)
const transports = process.env.SIO_TRANSPORTS;
const options = { path: `${url.pathname}socket.io/` };
if (transports !== "default") options.transports = transports ? transports.split(",") : ["websocket"];
const log = (line) => console.log(line);
const finish = (...sockets) => {
  sockets.forEach((socket) => socket.close());
  setImmediate(() => process.exit(0));
};

if (mode === "conversation") {
  // two members of a conversation: a message as the doc sends it, its acknowledgement, typing, a read receipt
  const [conversationId, tokenA, tokenB] = args;
  const a = io(`${server}/messaging`, { ...options, auth: { token: tokenA } });
  const b = io(`${server}/messaging`, { ...options, auth: { token: tokenB }, forceNew: true });
  let joined = 0;
  const bothJoined = () => {
    if (++joined < 2) return;
    // the snippet as written
    a.emit("message:send", {
      conversationId,
      content: "Hello!",
      messageType: "TEXT",
    });
  };
  a.emit("join_conversation", { conversationId }, (answer) => {
    log(`a joined ${answer.success}`);
    bothJoined();
  });
  b.on("conversation_joined", (data) => log(`b conversation_joined ${data.conversationId}`));
  b.emit("join_conversation", { conversationId }, () => bothJoined());
  b.on("message", (data) => {
    log(`b message ${data.content} ${data.messageType} ${data.conversationId}`);
    if (data.content !== "Hello!") return;
    a.emit("message:send", { conversationId, content: "With ack", messageType: "TEXT" }, (ack) => {
      log(`a ack ${ack.success} ${typeof ack.messageId}`);
      b.emit("typing_start", { conversationId });
    });
    a.on("user_typing", (typing) => {
      log(`a user_typing ${typing.isTyping} ${typing.conversationId}`);
      b.emit("message:read", { conversationId, messageId: data.messageId });
    });
    a.on("message_read", (read) => {
      log(`a message_read ${read.messageId === data.messageId} ${read.conversationId}`);
      a.emit("message:send", { conversationId, content: "x", messageType: "STICKER" }, (refused) => {
        log(`a refused ${refused.success} ${refused.code} ${typeof refused.error}`);
        finish(a, b);
      });
    });
  });
} else if (mode === "notification") {
  const [token] = args;
  const socket = io(`${server}/notifications`, { ...options, auth: { token } });
  let notificationId;
  // the read's acknowledgement and the count it brings down may come in either order: finish after both
  let awaiting = 2;
  const seenOne = () => --awaiting === 0 && finish(socket);
  socket.on("unreadCount", (data) => {
    log(`unreadCount ${data.count}`);
    if (data.count === 1 && notificationId) {
      socket.emit("notification:read", { notificationId }, (ack) => {
        log(`read ${ack.success}`);
        seenOne();
      });
    } else if (data.count === 0 && notificationId) {
      seenOne();
    }
  });
  socket.on("notification", (data) => {
    notificationId = data.notificationId;
    log(`notification ${JSON.stringify(data)}`);
  });
} else if (mode === "call") {
  // a full call between two users: offer, incoming call, answer, ICE candidates both ways, hang up
  const [callId, caller, callerToken, callee, calleeToken] = args;
  const a = io(`${server}/video-calls`, { ...options, auth: { token: callerToken } });
  const b = io(`${server}/video-calls`, { ...options, auth: { token: calleeToken }, forceNew: true });
  const rtcOffer = { type: "offer", sdp: "v=0 offer" };
  const rtcAnswer = { type: "answer", sdp: "v=0 answer" };
  let connected = 0;
  const start = () => {
    if (++connected < 2) return;
    // Start a call (the snippet as written)
    a.emit("video:offer", {
      callId,
      fromUserId: caller,
      toUserId: callee,
      offer: rtcOffer,
    }, (ack) => log(`offer ack ${ack.success}`));
  };
  a.on("connect", start);
  b.on("connect", start);
  // Handle incoming call
  b.on("video:incoming-call", (data) => {
    log(`b incoming-call ${data.callId} ${data.fromUserId} ${data.offer.sdp}`);
    // Answer call
    b.emit("video:answer", {
      callId,
      fromUserId: callee,
      toUserId: caller,
      answer: rtcAnswer,
    });
  });
  a.on("video:answer-received", (data) => {
    log(`a answer-received ${data.callId} ${data.fromUserId} ${data.answer.sdp}`);
    a.emit("video:ice-candidate", { callId, fromUserId: caller, toUserId: callee, candidate: { candidate: "from-a" } });
  });
  b.on("video:ice-candidate", (data) => {
    log(`b ice-candidate ${data.fromUserId} ${data.candidate.candidate}`);
    b.emit("video:ice-candidate", { callId, fromUserId: callee, toUserId: caller, candidate: { candidate: "from-b" } });
  });
  let ending = 0;
  const ended = () => {
    if (++ending === 2) finish(a, b);
  };
  a.on("video:ice-candidate", (data) => {
    log(`a ice-candidate ${data.fromUserId} ${data.candidate.candidate}`);
    a.emit("video:end-call", { callId }, (ack) => {
      log(`end ack ${ack.success}`);
      ended();
    });
  });
  b.on("video:call-ended", (data) => {
    log(`b call-ended ${data.callId} ${data.reason}`);
    ended();
  });
  a.on("video:offer", () => log("a offer echoed"));
} else if (mode === "intruder") {
  // bad input: a call verb in another user's name, and a message to a conversation the user is not in
  const [token] = args;
  const calls = io(`${server}/video-calls`, { ...options, auth: { token } });
  const messaging = io(`${server}/messaging`, { ...options, auth: { token } });
  calls.emit("video:answer", { callId: "c-1", fromUserId: "someone-else", answer: "x" }, (refused) => {
    log(`calls refused ${refused.success} ${refused.code}`);
    messaging.emit("message:send", { conversationId: "not-mine", content: "hi", messageType: "TEXT" }, (r) => {
      log(`messaging refused ${r.success} ${r.code}`);
      messaging.emit("join_conversation", {}, (r2) => {
        log(`join refused ${r2.success} ${r2.code}`);
        finish(calls, messaging);
      });
    });
  });
}
