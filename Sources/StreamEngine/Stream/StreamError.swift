/// Failures of engine operations, each carrying Redis 7.0's reply text.
public enum StreamError: Error, Equatable, Sendable {
    case idNotGreaterThanTop
    case idZero
    case idExhausted
    case elementsTooLarge
    case noGroup(key: [UInt8], group: [UInt8])
    case busyGroup
    case wrongType
    case noSuchKey
    case custom(String)

    /// The full error line Redis sends, without the leading `-`.
    public var message: String {
        switch self {
        case .idNotGreaterThanTop:
            return "ERR The ID specified in XADD is equal or smaller than the target stream top item"
        case .idZero:
            return "ERR The ID specified in XADD must be greater than 0-0"
        case .idExhausted:
            return "ERR The stream has exhausted the last possible ID, unable to add more items"
        case .elementsTooLarge:
            return "ERR Elements are too large to be stored"
        case .noGroup(let key, let group):
            return "NOGROUP No such key '\(String(decoding: key, as: UTF8.self))' or consumer group '\(String(decoding: group, as: UTF8.self))'"
        case .busyGroup:
            return "BUSYGROUP Consumer Group name already exists"
        case .wrongType:
            return "WRONGTYPE Operation against a key holding the wrong kind of value"
        case .noSuchKey:
            return "ERR no such key"
        case .custom(let text):
            return text
        }
    }
}
